from pathlib import Path

import pytest
from PIL import Image

EXPORT = Path(__file__).parent / "fixtures" / "export.xml"

# The uploads folder the fixture export refers to: originals and some of
# WordPress's size variants. 2021/03/fehlt.jpg is missing on purpose.
UPLOADS = {
    "2021/03/sommerwiese.jpg": ((1600, 1067), (120, 170, 90)),
    "2021/03/sommerwiese-300x200.jpg": ((300, 200), (120, 170, 90)),
    "2021/03/sommerwiese-1024x683.jpg": ((1024, 683), (120, 170, 90)),
    "2021/03/galerie-schreibtisch.jpg": ((1200, 800), (160, 120, 80)),
    "2021/03/galerie-notizbuch.jpg": ((1200, 800), (60, 90, 150)),
    "2021/03/galerie-kaffee.jpg": ((800, 1200), (90, 60, 40)),
    "2021/03/titelbild.jpg": ((2400, 1600), (230, 220, 200)),
    "2021/03/titelbild-scaled.jpg": ((1800, 1200), (230, 220, 200)),
    "2021/04/blockbild.png": ((1000, 667), (250, 200, 60)),
    "2021/04/blockbild-1024x683.png": ((1000, 667), (250, 200, 60)),
    "2021/04/block-galerie-eins.jpg": ((900, 600), (200, 60, 60)),
    "2021/04/block-galerie-zwei.jpg": ((900, 600), (245, 245, 240)),
    "2020/11/unbenutzt.jpg": ((640, 480), (10, 10, 10)),
}


def make_uploads(folder: Path, files: dict = UPLOADS) -> Path:
    for relative, (size, colour) in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", size, colour).save(path)
    return folder


@pytest.fixture(scope="session")
def uploads(tmp_path_factory) -> Path:
    return make_uploads(tmp_path_factory.mktemp("wp-uploads"))
