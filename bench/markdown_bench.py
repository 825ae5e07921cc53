"""
Time render_markdown on a realistic post and on pathological inputs.

Run by hand: .venv/bin/python -m bench.markdown_bench
"""

import os
import time
from collections.abc import Callable

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pusteblume_site.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from pusteblume_site.markdown import (  # noqa: E402
    MAX_RAW_HTML_TAGS,
    render_markdown,
    table_of_contents,
)

PARAGRAPH = (
    "Wer heute über **Zusammenarbeit** spricht, meint selten dasselbe. In meinen "
    "Workshops höre ich oft, dass Teams sich *mehr Klarheit* wünschen, aber "
    "niemand Zeit dafür hat. Deshalb lohnt sich ein Blick auf die kleinen "
    "Gewohnheiten: Wie beginnen Besprechungen, wer fasst zusammen, und wo "
    "landen Entscheidungen? Mehr dazu steht in [meinem Buch](/buch/) und im "
    "Gespräch mit `Kolleginnen`, die das seit Jahren üben."
)


def realistic_post() -> str:
    """About 2,000 words with the elements a real post uses."""
    sections = []
    for number in range(1, 9):
        sections += [
            f"## {number}. Grüße aus der Praxis",
            PARAGRAPH,
            PARAGRAPH,
            "- Ziele klären\n- Rollen verteilen\n  - Moderation\n  - Protokoll",
            f"> {PARAGRAPH}",
            "### Übung für dein Team",
            PARAGRAPH,
            "| Schritt | Dauer |\n|:--|--:|\n| Check-in | 5 min |\n| Fazit | 10 min |",
            '![Pusteblume im Wind](/media/uploads/bild.jpg "Frühling")',
        ]
    sections.insert(4, "https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    return "\n\n".join(sections)


PATHOLOGICAL = {
    '"[" * 10,000': "[" * 10_000,
    "5,000 nested > quotes": ">" * 5_000 + " x",
    "50,000 asterisks": "*" * 50_000,
    "2 MB paragraph": "Wort " * 400_000,
    "1,000-deep nested list": "\n".join("  " * i + "- x" for i in range(1_000)),
    "10,000 backticks": "`" * 10_000,
    "20,000 equal headings": "## a\n" * 20_000,
    "40,000 nested <blockquote>": "<blockquote>" * 40_000,
    f"{MAX_RAW_HTML_TAGS} nested <div> + paragraphs": "<div>" * MAX_RAW_HTML_TAGS
    + "\n\n"
    + "Absatz\n\n" * 20_000,
    "40,000 unclosed _a": "_a " * 40_000,
    "20,000 unclosed [a](b": "[a](b" * 20_000,
    "20,000 unclosed ![a": "![a" * 20_000,
    "nested [[[a]]] x 20,000": "[" * 20_000 + "a" + "]" * 20_000,
    "50,000 list items": "- a\n" * 50_000,
}


def best_of(runs: int, function: Callable[[], object]) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        timings.append(time.perf_counter() - start)
    return min(timings)


def main() -> None:
    post = realistic_post()
    html = render_markdown(post)
    print(f"{'input':<40} {'chars':>9} {'seconds':>8}")
    seconds = best_of(5, lambda: render_markdown(post))
    words = len(post.split())
    print(f"{f'realistic post ({words} words)':<40} {len(post):>9} {seconds:>8.4f}")
    seconds = best_of(5, lambda: table_of_contents(html))
    print(f"{'  its table_of_contents':<40} {len(html):>9} {seconds:>8.4f}")
    for name, text in PATHOLOGICAL.items():
        seconds = best_of(1, lambda text=text: render_markdown(text))
        print(f"{name:<40} {len(text):>9} {seconds:>8.4f}")


if __name__ == "__main__":
    main()
