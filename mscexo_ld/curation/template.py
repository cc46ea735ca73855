"""Skeletons for new curated records (``mscexo-ld new``), generated from the spec: every field explained."""

from __future__ import annotations

import textwrap

from mscexo_ld.schema import ENTITIES, ENTITY_EXTRA, FINDING, FieldSpec

#: Width of a skeleton's comment lines.
WIDTH = 110


def _words(field: FieldSpec) -> str:
    """An example value of a field of a nested record."""
    if field.type == "one_of":
        return " | ".join(field.options)
    if field.type == "entity_ref":
        return " | ".join(f"{k}:ID" for k in field.options)
    return {"bool": "true", "curie": "PREFIX:ID"}.get(field.type, "...")


def _comment(field: FieldSpec) -> list[str]:
    """The comment lines above a field: what it holds, where its ids come from, what values it takes."""
    doc = field.doc.replace("`", "")
    if field.ref:
        doc = f"{'ids' if field.is_list else 'an id'} from entities/{field.ref}.yaml: {doc}"
    if field.type in ("one_of", "entity_ref"):
        doc += ": " + _words(field)
    doc = f"Optional: {doc}" if not field.required else doc[:1].upper() + doc[1:]
    doc += "" if doc.endswith(".") else "."
    lines = textwrap.wrap(doc, WIDTH, initial_indent="  # ", subsequent_indent="  # ")
    if field.items is not None:  # an example item, every field with the values it takes
        for i, item in enumerate(field.items.fields):
            lines.append(
                f"  #   {'- ' if i == 0 else '  '}{item.name}: {_words(item)}"
                + ("" if item.required else "  # optional")
            )
    return lines


def _value(field: FieldSpec) -> str:
    """The field's line in the skeleton: a placeholder to replace, an empty list, or a commented default."""
    if field.required:
        placeholder = field.placeholder or ("[TODO]" if field.is_list else "TODO")
        return f"  {field.name}: {placeholder}"
    if field.is_list:
        return f"  {field.name}: []"
    default = field.default
    shown = "..." if default is None else str(default).lower() if isinstance(default, bool) else str(default)
    return f"  # {field.name}: {shown}"


def _skeleton(fields: tuple[FieldSpec, ...], ident: str) -> str:
    lines = [f"- id: {ident}"]
    for field in fields:
        if field.name != "id":
            lines += [*_comment(field), _value(field)]
    return "\n".join(lines) + "\n"


def finding_template(ident: str) -> str:
    """A finding ``ident`` with every field, each explained; required values are TODO."""
    return _skeleton(FINDING.fields, ident)


def entity_template(kind: str, ident: str) -> str:
    """An entity ``ident`` of ``kind`` (a key of ``ENTITY_KINDS``) with every field, each explained.

    The fields of the kind alone (a cargo's ``type``) come right after the labels.
    """
    fields = ENTITIES[kind].fields
    extra = ENTITY_EXTRA.get(kind, ())
    common = tuple(f for f in fields if f not in extra)
    return _skeleton(common[:3] + extra + common[3:], ident)
