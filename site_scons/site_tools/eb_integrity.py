"""edgebench integrity tool: outputs changed since SCons built them are built again.

Adds method EbRemoveDamaged(roots): walks the targets under `roots` (their
sources and explicit dependencies, no scanning, and every target of each
step), holds each built file against the record SCons stored for it, and
removes (saying so) every file that no longer matches, before the build
starts. Reads and sets nothing else.
"""
from pathlib import Path

import SCons.Node.FS
import SCons.Util
from edgebench.integrity import Recorded, damage


def _built_files(roots):
    walked, found, stack = set(), set(), list(roots)
    while stack:
        node = stack.pop()
        if id(node) in walked:
            continue
        walked.add(id(node))
        stack += [*node.sources, *node.depends]
        if isinstance(node, SCons.Node.FS.Base) and node.has_builder():
            # every target of the step (report.md beside report.json), not only the one depended on
            for sibling in node.get_executor().get_all_targets():
                target = sibling.disambiguate()  # a Command's targets start out as Entry nodes
                if isinstance(target, SCons.Node.FS.File) and id(target) not in found:
                    found.add(id(target))
                    yield target


def _signature(path: Path) -> str:
    return SCons.Util.hash_file_signature(str(path))


def remove_damaged(env, roots) -> list[str]:
    removed = []
    for node in _built_files(env.Flatten(roots)):
        info = node.get_stored_info().ninfo
        why = damage(Path(node.abspath), Recorded(getattr(info, "size", None), getattr(info, "csig", None)),
                     _signature)
        if why:
            print(f"edgebench: {node} is not the file SCons recorded building ({why}: changed since, or left "
                  "by an interrupted build); building it again")
            Path(node.abspath).unlink()
            node.clear_memoized_values()
            removed.append(str(node))
    return removed


def generate(env):
    env.AddMethod(remove_damaged, "EbRemoveDamaged")


def exists(env):
    return True
