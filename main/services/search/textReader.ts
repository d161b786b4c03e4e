// The page texts the device indexes, in Node and Electron: what the pack carries (DeviceCore.readDocumentText,
// sealed with the document's key), else — a pack published before texts travelled in it — the PDF's own text
// layer read here with pdf.js from the decrypted, verified document (nothing written to disk).
import type { DeviceCore } from '../../../common/device/DeviceCore.ts';
import { readDocument } from '../../../common/device/documents.ts';
import { packTextReader, withFallback, type TextReader } from '../../../common/device/search.ts';
import { attempt } from '../../../common/device/DeviceApp.ts';
import { pdfDocumentText } from './pdfText.ts';

export function pdfTextReader(core: DeviceCore): TextReader {
  return (meetingId, documentId) =>
    attempt(async () => {
      const { entry, stream } = await core.documentStream(meetingId, documentId);
      return pdfDocumentText(documentId, await readDocument(stream, entry.bytes));
    });
}

export function nodeTextReader(core: DeviceCore): TextReader {
  return withFallback(packTextReader(core), pdfTextReader(core));
}
