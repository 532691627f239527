"""Office and text documents through unstructured: DOCX, PPTX, XLSX, TXT, MD, HTML, CSV, EML."""
