// Where each kind of blob lives. Files kept as files are spread over folders by the last two id characters.
export const fileBlobKey = (fileId: string) => `files/${fileId.slice(-2)}/${fileId}`;
export const uploadPartsKey = (uploadId: string) => `parts/${uploadId}`;
export const partBlobKey = (uploadId: string, partId: string) => `${uploadPartsKey(uploadId)}/${partId}`;
