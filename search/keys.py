"""How search names a page, in the index, in best bets and in the evaluation set."""

DECISION = "decide"


def procedure(operator_slug: str, slug: str) -> str:
    return f"procedure:{operator_slug}/{slug}"


def faq(slug: str) -> str:
    return f"faq:{slug}"


def operator(slug: str) -> str:
    return f"operator:{slug}"
