"""Rendition files made once per test process, for the tests only (tests/conftest.py turns it on).

Every test runs in a transaction that is rolled back, so the rendition rows a page's pictures made
are gone for the next test, and Wagtail encodes the same files again (AVIF, WebP and JPEG, each
size): about a sixth of the whole suite's processor time went there (py-spy, 3 December 2026).
A rendition's file depends only on the original file's bytes, the filter and what the filter
varies on (the focal point: `Filter.get_cache_key`) and the image settings, so the bytes made the
first time are given back for the same inputs later in the process. Rendition rows are still made
(and rolled back) as before; only the encoding is skipped. `RENDITION_MEMO=off` encodes every time.
"""

import hashlib
import io
import os
import threading

from django.core.files import File

_LIMIT = 2000
_files = {}
_lock = threading.Lock()


def _source_hash(image):
    """The original file's hash, without `get_file_hash()`'s save of a missing one (a query)."""
    if image.file_hash:
        return image.file_hash
    # A handle of its own: Wagtail may be reading `image.file` for the renditions being made.
    with image.file.storage.open(image.file.name, "rb") as handle:
        return hashlib.sha1(handle.read(), usedforsecurity=False).hexdigest()


def _key(image, filter):
    from django.conf import settings

    image_settings = tuple(
        (name, repr(getattr(settings, name)))
        for name in sorted(dir(settings))
        if name.startswith("WAGTAILIMAGES_")
    )
    return (
        _source_hash(image),
        os.path.basename(image.file.name),
        filter.spec,
        filter.get_cache_key(image),
        image_settings,
    )


def install(image_model):
    """Make `image_model.generate_rendition_file` give back the bytes it made before; returns
    a function that puts the original back."""
    original = image_model.generate_rendition_file

    def generate_rendition_file(self, filter, *, source=None):
        key = _key(self, filter)
        found = _files.get(key)
        if found is None:
            made = original(self, filter, source=source)
            made.seek(0)
            found = (made.name, made.read())
            with _lock:
                if len(_files) >= _LIMIT:
                    _files.clear()
                _files[key] = found
        name, data = found
        return File(io.BytesIO(data), name=name)

    image_model.generate_rendition_file = generate_rendition_file

    def uninstall():
        image_model.generate_rendition_file = original

    return uninstall
