# content hashes of release artefacts, not secrets
RELEASE_SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
COMMIT = "3e4f1a2b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f"
ICON_COLOR = "#1f2937"
