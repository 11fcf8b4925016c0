class ImportFileError(Exception):
    """A CMS file could not be read; the message names the file and, where known, the line."""

    def __init__(self, file: str, message: str, line: int | None = None):
        self.file, self.line = file, line
        where = f"{file}, line {line}" if line else file
        super().__init__(f"{where}: {message}")
