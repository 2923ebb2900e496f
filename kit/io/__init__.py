"""Ground floor: reading and writing safely — files that never tear (``atomic``), YAML and CSV
(``files``), untrusted JSON (``jsonfile``) and published web pages (``webpage``)."""
