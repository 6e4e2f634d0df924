"""Answers from the documents through the official Python `openai` package, with strict response validation.

Needs a Trove at TROVE_BASE_URL (key TROVE_API_KEY) whose TROVE_LLM_BASE_URL is the scripted chat model of
test/support/fake-llm-server.ts; `.ci/run` starts both.
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.request
import uuid

import openai
import pytest
from openai import OpenAI

BASE_URL = os.environ["TROVE_BASE_URL"].rstrip("/")
API_KEY = os.environ["TROVE_API_KEY"]
ROOT_URL = BASE_URL[: -len("/v1")]
CATS = "Cats purr when they are content and knead soft blankets."
DOGS = "Dogs bark at the postman and fetch sticks in the park."


def make_client(base_url: str = BASE_URL) -> OpenAI:
    return OpenAI(base_url=base_url, api_key=API_KEY, max_retries=0, timeout=60, _strict_response_validation=True)


def wait_for_files(client: OpenAI, store_id: str, count: int) -> None:
    deadline = time.time() + 60
    while time.time() < deadline:
        if client.vector_stores.retrieve(store_id).file_counts.completed == count:
            return
        time.sleep(0.1)
    pytest.fail(f"{count} files were not indexed within 60 s")


@pytest.fixture(scope="module")
def client() -> OpenAI:
    return make_client()


@pytest.fixture(scope="module")
def store(client: OpenAI) -> dict[str, str]:
    run = uuid.uuid4().hex[:8]
    ids = {}
    for name, text in (("cats.md", CATS), ("dogs.md", DOGS)):
        ids[name] = client.files.create(file=(name, text.encode(), "text/markdown"), purpose="assistants").id
    vs = client.vector_stores.create(name=f"py-answers-{run}", file_ids=list(ids.values()))
    wait_for_files(client, vs.id, 2)
    return {"id": vs.id, **ids}


def file_search(store: dict[str, str]) -> list[dict]:
    return [{"type": "file_search", "vector_store_ids": [store["id"]]}]


def test_a_response_searches_answers_and_cites(client: OpenAI, store: dict[str, str]) -> None:
    response = client.responses.create(
        model="fake-tools", input="Why do cats purr?", tools=file_search(store), include=["file_search_call.results"]
    )
    assert response.status == "completed"
    call, message = response.output
    assert call.type == "file_search_call"
    assert call.queries == ["Why do cats purr?"]
    assert call.results[0].file_id == store["cats.md"]
    assert call.results[0].filename == "cats.md"
    assert call.results[0].text == CATS
    assert message.type == "message"
    text = message.content[0]
    assert text.text == f"The documents say: {CATS} [1]"
    assert [(a.type, a.file_id, a.filename, a.index) for a in text.annotations] == [
        ("file_citation", store["cats.md"], "cats.md", text.text.index("[1]"))
    ]
    assert response.output_text == text.text
    assert response.usage.total_tokens == response.usage.input_tokens + response.usage.output_tokens > 0

    plain = client.responses.create(model="fake-tools", input="Why do cats purr?", tools=file_search(store))
    assert plain.output[0].results is None


def test_a_streamed_response_sends_openais_events(client: OpenAI, store: dict[str, str]) -> None:
    stream = client.responses.create(model="fake-tools", input="What do dogs bark at?", tools=file_search(store), stream=True)
    events = list(stream)
    types = [e.type for e in events]
    assert types[:7] == [
        "response.created",
        "response.in_progress",
        "response.output_item.added",
        "response.file_search_call.in_progress",
        "response.file_search_call.searching",
        "response.file_search_call.completed",
        "response.output_item.done",
    ]
    assert types[-1] == "response.completed"
    assert [e.sequence_number for e in events] == list(range(len(events)))
    deltas = "".join(e.delta for e in events if e.type == "response.output_text.delta")
    final = events[-1].response
    assert deltas == final.output_text == f"The documents say: {DOGS} [1]"


def test_stored_responses_continue_and_can_be_listed_and_deleted(client: OpenAI, store: dict[str, str]) -> None:
    first = client.responses.create(model="fake-tools", input="Why do cats purr?", tools=file_search(store))
    second = client.responses.create(model="fake-tools", previous_response_id=first.id, input="Thanks!")
    assert second.previous_response_id == first.id
    assert second.output_text == "You said: Thanks!"
    assert client.responses.retrieve(first.id).output_text == first.output_text
    items = client.responses.input_items.list(second.id)
    assert [(i.role, i.content[0].text) for i in items.data] == [("user", "Thanks!")]
    client.responses.delete(first.id)
    with pytest.raises(openai.NotFoundError):
        client.responses.retrieve(first.id)


def test_a_model_that_cannot_call_tools_gets_the_passages(client: OpenAI, store: dict[str, str]) -> None:
    response = client.responses.create(model="fake-plain", input="What do dogs bark at?", tools=file_search(store))
    assert response.output[0].queries == ["What do dogs bark at?"]
    assert response.output_text == f"The documents say: {DOGS} [1]"


def test_chat_completions_are_forwarded_plain_and_streamed(client: OpenAI) -> None:
    plain = client.chat.completions.create(model="fake-tools", messages=[{"role": "user", "content": "hello there"}])
    assert plain.choices[0].message.content == "You said: hello there"
    chunks = list(client.chat.completions.create(model="fake-tools", messages=[{"role": "user", "content": "one two"}], stream=True))
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == "You said: one two"
    assert any(m.id == "fake-plain" for m in client.models.list().data)


def test_upstream_rate_limits_keep_their_status(client: OpenAI) -> None:
    with pytest.raises(openai.RateLimitError) as caught:
        client.chat.completions.create(model="fake-429", messages=[{"role": "user", "content": "x"}])
    assert caught.value.response.headers["retry-after"] == "7"


def test_near_hubs_guide_runs_on_the_near_base_url() -> None:
    near = make_client(f"{ROOT_URL}/near/v1")
    uploaded = near.files.create(file=("keys.md", b"NEAR has full access keys and function call keys.", "text/markdown"), purpose="assistants")
    vs = near.vector_stores.create(name="near-docs")
    near.vector_stores.files.create(vector_store_id=vs.id, file_id=uploaded.id)
    wait_for_files(near, vs.id, 1)
    assert near.files.content(uploaded.id).text == "NEAR has full access keys and function call keys."

    request = urllib.request.Request(
        f"{ROOT_URL}/near/v1/vector_stores/{vs.id}/search",
        data=json.dumps({"query": "What kinds of access keys are there?", "full_files": False}).encode(),
        headers={"Authorization": f"Bearer {API_KEY}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request) as reply:
        chunks = json.load(reply)
    assert isinstance(chunks, list)
    assert set(chunks[0]) == {"file_id", "chunk_text", "distance"}
    assert chunks[0]["file_id"] == uploaded.id
    assert 0 <= chunks[0]["distance"] < 1

    answer = near.chat.completions.create(
        model="fake-tools",
        messages=[
            {"role": "system", "content": f"Answer from these documents:\n[1] keys.md\n{chunks[0]['chunk_text']}"},
            {"role": "user", "content": "What kinds of access keys are there?"},
        ],
    )
    assert answer.choices[0].message.content == f"The documents say: {chunks[0]['chunk_text']} [1]"
