"""
Demo comments: a short conversation under the two newest demo posts, with
the author's threaded replies, plus one comment waiting for approval.
Idempotent: a post that already has comments gets none.
"""

from datetime import timedelta

from ..models import Comment, Post

# Post index in POSTS → threads of (name, website, text, hours after
# publication, replies); a reply is (text, hours) from the author or
# (name, website, text, hours) from a reader.
CONVERSATIONS = {
    0: [
        (
            "Miriam Kästner",
            "https://www.example.org/miriam",
            "Der Gedanke, dass Sichtbarkeit „für mich arbeitet“, hat bei mir "
            "gerade etwas gelöst. Ich dachte immer, ich müsste dafür jeden Tag "
            "posten.\n\nWie oft schreibst du selbst Blogbeiträge?",
            5,
            [
                (
                    "Meistens alle zwei Wochen, manchmal seltener. Wichtiger als "
                    "der Takt ist, dass jeder Beitrag eine Frage beantwortet, "
                    "die mir Kundinnen wirklich stellen. Dann arbeitet er "
                    "jahrelang weiter.",
                    8,
                ),
            ],
        ),
        (
            "Jonas",
            "",
            "Ehrlich gesagt bin ich skeptisch. In meiner Branche (Handwerk) "
            "läuft fast alles über Empfehlungen.\nFunktioniert das trotzdem?",
            26,
            [
                (
                    "Gerade dann! Empfehlungen sind Sichtbarkeit, nur mündlich. "
                    "Ein Beitrag mit deinen besten Vorher-nachher-Geschichten "
                    "gibt den Leuten, die dich empfehlen, etwas zum Weiterschicken.",
                    30,
                ),
                ("Jonas", "", "Guter Punkt, das probiere ich aus. Danke!", 33),
            ],
        ),
    ],
    1: [
        (
            "Sabine Reuter",
            "",
            "Ich habe deinen Ein-Satz-Test an meinem Angebot ausprobiert und bin "
            "grandios gescheitert. Heute Abend setze ich mich noch einmal dran.",
            3,
            [],
        ),
    ],
}
PENDING = (
    "Leonie",
    "Kann man das auch auf Vorträge übertragen? Da fehlt mir oft der eine Satz.",
)


def seed(*, posts: list[Post], author) -> int:
    """Add the demo conversations to `posts` (in POSTS order)."""
    created = 0
    for index, threads in CONVERSATIONS.items():
        if index >= len(posts):
            continue
        post = posts[index]
        if post is None or post.comments.exists():
            continue
        for name, website, text, hours, replies in threads:
            parent = _comment(post, name=name, website=website, text=text, hours=hours)
            created += 1
            for reply in replies:
                if len(reply) == 2:
                    created += bool(_author_reply(post, parent, author, *reply))
                else:
                    reply_name, reply_website, reply_text, reply_hours = reply
                    _comment(
                        post,
                        name=reply_name,
                        website=reply_website,
                        text=reply_text,
                        hours=reply_hours,
                        parent=parent,
                    )
                    created += 1
        if index == 0:
            name, text = PENDING
            _comment(post, name=name, text=text, hours=40, status="pending")
            created += 1
    return created


def _comment(post, *, name, text, hours, website="", parent=None, status="approved"):
    at = post.published_at + timedelta(hours=hours)
    return Comment.objects.create(
        post=post,
        parent=parent,
        name=name,
        email=f"{name.split()[0].lower()}@example.org",
        website=website,
        text=text,
        status=status,
        created_at=at,
        approved_at=at if status == "approved" else None,
        author_notified_at=at,
    )


def _author_reply(post, parent, author, text, hours):
    at = post.published_at + timedelta(hours=hours)
    return Comment.objects.create(
        post=post,
        parent=parent,
        name=author.get_full_name() or author.get_username(),
        email=author.email,
        text=text,
        status=Comment.Status.APPROVED,
        is_author=True,
        user=author,
        created_at=at,
        approved_at=at,
        author_notified_at=at,
    )
