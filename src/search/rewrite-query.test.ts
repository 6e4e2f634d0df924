import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rewriteQuery } from './rewrite-query.js';

describe('rewriteQuery', () => {
  test('drops the question word and the question mark', () => {
    assert.equal(rewriteQuery('which bird built a nest on the Oslo data centre roof?'), 'bird built a nest on the Oslo data centre roof');
  });

  test('drops stacked openings, longest first', () => {
    assert.equal(rewriteQuery('Please, can you tell me what is the RRF constant?'), 'RRF constant');
    assert.equal(rewriteQuery('Could you tell me who built the kettle'), 'built the kettle');
    assert.equal(rewriteQuery('I want to know how do I rotate API keys?!'), 'rotate API keys');
    assert.equal(rewriteQuery('What’s the refund window?'), 'refund window');
    assert.equal(rewriteQuery('tell me about heron nesting.'), 'heron nesting');
  });

  test('drops filler words anywhere', () => {
    assert.equal(rewriteQuery('what exactly is basically a heron, please?'), 'is a heron');
    assert.equal(rewriteQuery('Kindly list the Oslo roof repairs actually'), 'list the Oslo roof repairs');
  });

  test('keeps content words in order and in their case', () => {
    assert.equal(rewriteQuery('Who wrote "The Heron" in 2021?'), 'wrote "The Heron" in 2021');
    assert.equal(rewriteQuery('Oslo DC uptime SLA'), 'Oslo DC uptime SLA');
  });

  test('keeps the symbols and brackets that belong to terms', () => {
    assert.equal(rewriteQuery('what is C#?'), 'C#');
    assert.equal(rewriteQuery('what are the C++ changes (v2.0)?'), 'C++ changes (v2.0)');
  });

  test('normalises with NFKC and collapses whitespace', () => {
    assert.equal(rewriteQuery('  ｗｈｉｃｈ   ﬁle\tholds\n\nthe  ① roof  plan？ '), 'file holds the 1 roof plan');
  });

  // A question's article is no search term: "what's the policy" once became "the policy".
  test('drops the article that follows a question opening, and only there', () => {
    assert.equal(rewriteQuery("what's the policy"), 'policy');
    assert.equal(rewriteQuery('What is an SLA?'), 'SLA');
    assert.equal(rewriteQuery('the policy on refunds'), 'the policy on refunds');
    assert.equal(rewriteQuery('what is the'), 'the');
  });

  test('leaves a question word that is not at the front', () => {
    assert.equal(rewriteQuery('roof plan which Oslo approved'), 'roof plan which Oslo approved');
  });

  test('never returns an empty string for a query of filler', () => {
    assert.equal(rewriteQuery('  please?  '), 'please?');
    assert.equal(rewriteQuery('What is what?'), 'What is what?');
    assert.equal(rewriteQuery('???'), '???');
  });

  test('drops a filler word between two openings', () => {
    assert.equal(rewriteQuery('Could you please tell me about the Oslo heron?'), 'Oslo heron');
  });
});
