"""Start a steering document from a Word file (issue #13 §2).

- `reader`: the DOCX's body as blocks in document order (headings, paragraphs, lists, tables),
  python-docx only; a file that is not a readable DOCX raises `WordFileError` in words.
- `mapping`: pure heuristics — the proposal (which heading becomes a section, which a focus
  area, which paragraph a goal, which list the indicators) and the outline a mapping gives.
- `services` (in `malbild.dataio.word_services`) keeps the upload and creates the document.
"""
