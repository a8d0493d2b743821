"""A long job ad written for these tests (a fictional company), cut or padded to an exact length.
It names a contact person and an e-mail address near its end, as real ads do, so the tests can
check that none of that reaches the query log."""

OPENING = ("Senior Backend Engineer (Payments Platform) at Quillmoor Logistics, hybrid in Rotterdam "
           "or fully remote within Europe.\n\n")

BODY = [
    "About us: Quillmoor moves spare parts for wind farms across twelve countries. Our routing and "
    "billing run on services our own team of nineteen engineers builds and operates.\n\n",
    "What you will do: design and own the services that price, invoice and settle every shipment; "
    "keep the settlement pipeline correct when carriers send late or duplicated events; review "
    "designs with the data and mobile teams; take part in a calm on-call rotation (one week in six).\n\n",
    "What you bring: several years of building backend systems in Go, Kotlin or Python; solid SQL "
    "and PostgreSQL habits; experience with message queues and idempotent consumers; you write tests "
    "because you like sleeping at night; you explain trade-offs in plain words.\n\n",
    "Nice to have: Redis, Kubernetes, event sourcing, anything with money in it, Dutch or German.\n\n",
    "What we offer: a salary band published in the interview invitation, 30 days of holiday, a "
    "learning budget, a laptop of your choice, and four-day weeks in August.\n\n",
    "How we hire: a thirty-minute call, a take-home exercise capped at three hours (paid), a design "
    "conversation with two engineers, and a chat with the head of engineering. We answer within a week.\n\n",
]

CONTACT = ("Questions? Write to Marit Oosterbeek, technical recruiter, at marit.oosterbeek@quillmoor.example "
           "or call +31 6 5550 1234.")

FILLER = ("More about the team: we pair often, write short design notes, and keep a changelog that "
          "product and support actually read. ")


def job_ad(length: int) -> str:
    """Exactly `length` characters (length >= 400): opening, body, filler as needed, contact at the end."""
    text = OPENING + "".join(BODY)
    while len(text) + len(CONTACT) < length:
        text += FILLER
    text = text[:length - len(CONTACT)]
    text = text[:-1] + "\n" if not text.endswith("\n") else text
    out = text + CONTACT
    assert len(out) == length, (len(out), length)
    return out
