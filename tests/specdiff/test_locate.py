"""Positions of JSON pointers in a YAML file: a key's own line and column, a list item's, the
nearest ancestor for a pointer the file lacks, nothing for a file that cannot be read."""

from __future__ import annotations

from accord.specdiff.locate import position

YAML = """\
openapi: 3.0.3
paths:
  /items/{id}:
    get:
      parameters:
        - name: id
          in: path
      responses:
        '200':
          description: ok
        404: {description: none}
shared: &shared {a: 1}
again: *shared
"""


def test_positions(tmp_path):
    path = tmp_path / "openapi.yaml"
    path.write_text(YAML, encoding="utf-8")
    assert position(path, "") == (1, 1)
    assert position(path, "/paths/~1items~1{id}/get") == (4, 5)
    assert position(path, "/paths/~1items~1{id}/get/parameters/0") == (6, 11)
    assert position(path, "/paths/~1items~1{id}/get/parameters/0/in") == (7, 11)
    assert position(path, "/paths/~1items~1{id}/get/responses/200") == (9, 9)
    assert position(path, "/paths/~1items~1{id}/get/responses/404/description") == (11, 15)
    assert position(path, "/again/a") == (12, 18)  # an alias: where its node was written


def test_a_pointer_the_file_lacks_is_placed_at_its_nearest_ancestor(tmp_path):
    path = tmp_path / "openapi.yaml"
    path.write_text(YAML, encoding="utf-8")
    assert position(path, "/paths/~1items~1{id}/delete/responses") == (3, 3)
    assert position(path, "/components/schemas/Gone") == (1, 1)


def test_an_unreadable_file_has_no_positions(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("paths: [unclosed\n", encoding="utf-8")
    assert position(path, "/paths") is None
    assert position(tmp_path / "missing.yaml", "/paths") is None
