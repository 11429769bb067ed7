/** The workbook-uploaded Lambda: see src/composition/workbook-uploaded.ts. */
import { workbookUploadedHandler } from '../composition/workbook-uploaded.ts';

export const handler = workbookUploadedHandler();
