"""
axe-core in the page, run through Playwright's own channel so the site's
strict CSP (no inline or foreign script) needs no exception.
"""

from pathlib import Path

import axe_playwright_python

AXE_SOURCE = Path(axe_playwright_python.__file__).with_name("axe.min.js")


def axe_violations(page, *, exclude: list[str] | None = None) -> list[dict]:
    """The WCAG 2.x A and AA violations axe finds on the page, as dicts."""
    page.evaluate(AXE_SOURCE.read_text())
    result = page.evaluate(
        """async (exclude) => {
          const context = exclude.length ? { exclude: exclude.map((s) => [s]) } : document;
          return await axe.run(context, {
            // The preview frame holds a reader's page, which the site's own
            // checks cover; axe would inject itself into it.
            iframes: false,
            runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
          });
        }""",
        exclude or [],
    )
    return [
        {
            "id": violation["id"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"]],
        }
        for violation in result["violations"]
    ]
