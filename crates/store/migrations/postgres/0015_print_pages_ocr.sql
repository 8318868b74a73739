-- Scanned pages read by OCR. Where each page's text came from: 'pdf' (its text layer, empty for
-- a scan), 'ocr', or 'hand' (corrected in the newsroom: a later OCR run never overwrites it);
-- the OCR engine's mean word confidence (0-100), which engine and model made the text, and the
-- page drawn as a picture for readers (a media path; empty when there is none).
ALTER TABLE print_pages ADD COLUMN source TEXT NOT NULL DEFAULT 'pdf';
ALTER TABLE print_pages ADD COLUMN confidence REAL;
ALTER TABLE print_pages ADD COLUMN engine TEXT NOT NULL DEFAULT '';
ALTER TABLE print_pages ADD COLUMN picture TEXT NOT NULL DEFAULT '';
