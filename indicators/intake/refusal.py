"""The one shape of a refused input, shared by the report readers and the ingestion checks (a light module: the
readers' heavy imports stay out of code that only catches or words a refusal)."""


class Refusal(ValueError):
    """Input refused: `code` says why for the program, `detail` holds the message's values, str() is for people.

    The interface words a refusal by `kind` and `code` (its message catalogue key is `<kind>_<code>`).
    """

    kind = "refusal"

    def __init__(self, code: str, message: str, **detail: object) -> None:
        super().__init__(message)
        self.code = code
        self.detail = detail
