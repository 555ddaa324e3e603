"""The read stage: Capture bytes -> Document.

reader.read() is the entry point. decode (bytes -> str), html (trafilatura + fallback),
pdf (pypdf), language (script, letters, lingua/langid) and normalize (text + offset map)
each do one job and can be used alone.
"""
