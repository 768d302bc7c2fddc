"""The pipeline's stages, one module each: document -> nlp/fastpath -> numbers/extract -> subject
-> bind -> verify -> suppress; units, dates and consistency are shared by several."""
