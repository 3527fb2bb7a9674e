"""Compares our messages.ndjson for one Cucumber Compatibility Kit sample with the kit's own.

Both streams are normalised the same way before an envelope-by-envelope comparison:
- meta is dropped (implementation, OS, CPU differ by design);
- ids are renumbered by first appearance (keys sorted), so only the links between messages count;
- timestamps and durations are dropped (the kit's are fake: 1 ms steps);
- uris keep their file name only;
- sourceReference of step definitions and parameter types is dropped (TypeScript lines vs our C#);
- testStepResult and testRunFinished lose message and exception (texts and stack traces are
  language-specific; the status and success flag stay);
- a suggestion keeps, per snippet, only the step expression it proposes (the first quoted
  string of the code), not the language or the code around it;
- match-argument groups that did not take part (no value) are dropped from children lists: the
  JS and .NET Cucumber Expressions spell {string}'s inner regex with different capture groups;
- parameterType envelopes of QDeviceLab's own {duration} and {temperature} are dropped (our
  registry always has them; the kit's samples do not).
Usage: cucumber_compat_check.py KIT.ndjson OURS.ndjson
"""
import json
import re
import sys

ID_KEYS = {"id", "pickleId", "pickleStepId", "testCaseId", "testCaseStartedId", "testStepId",
           "testRunStartedId", "hookId", "testRunHookStartedId"}
ID_LIST_KEYS = {"astNodeIds", "stepDefinitionIds"}
OURS_ONLY_PARAMETER_TYPES = {"duration", "temperature"}


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def prune_groups(group):
    children = [prune_groups(c) for c in group.get("children", []) if "value" in c]
    group = {k: v for k, v in group.items() if k != "children"}
    if children:
        group["children"] = children
    return group


def snippet_expression(code):
    found = re.search(r'"((?:[^"\\]|\\.)*)"', code)
    return found.group(1) if found else code


def normalise(envelopes):
    labels = {}

    def label(value):
        if value not in labels:
            labels[value] = f"#{len(labels)}"
        return labels[value]

    def walk(node, key=None):
        if isinstance(node, dict):
            out = {}
            for k in sorted(node):
                v = node[k]
                if k in ("timestamp", "duration"):
                    continue
                if k == "uri" and isinstance(v, str):
                    out[k] = v.rsplit("/", 1)[-1]
                elif k in ID_KEYS and isinstance(v, str):
                    out[k] = label(v)
                elif k in ID_LIST_KEYS and isinstance(v, list):
                    out[k] = [label(x) for x in v]
                elif k == "group" and isinstance(v, dict):
                    out[k] = walk(prune_groups(v))
                else:
                    out[k] = walk(v, k)
            return out
        if isinstance(node, list):
            return [walk(x, key) for x in node]
        return node

    result = []
    for envelope in envelopes:
        (kind, body), = envelope.items()
        if kind == "meta":
            continue
        if kind == "parameterType" and body.get("name") in OURS_ONLY_PARAMETER_TYPES:
            continue
        body = dict(body)
        if kind in ("stepDefinition", "parameterType"):
            body.pop("sourceReference", None)
        if kind == "testStepFinished":
            body["testStepResult"] = {k: v for k, v in body["testStepResult"].items() if k not in ("message", "exception")}
        if kind == "testRunFinished":
            body.pop("message", None)
            body.pop("exception", None)
        if kind == "suggestion":
            body["snippets"] = [{"expression": snippet_expression(s["code"])} for s in body["snippets"]]
        result.append({kind: walk(body)})
    return result


def first_difference(a, b, path="$"):
    if type(a) is not type(b):
        return f"{path}: kit {json.dumps(a)[:200]} / ours {json.dumps(b)[:200]}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return f"{path}.{k}: kit {json.dumps(a.get(k))[:200]} / ours {json.dumps(b.get(k))[:200]}"
            d = first_difference(a[k], b[k], f"{path}.{k}")
            if d:
                return d
        return None
    if isinstance(a, list):
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, f"{path}[{i}]")
            if d:
                return d
        if len(a) != len(b):
            return f"{path}: kit has {len(a)} items, ours {len(b)}"
        return None
    return None if a == b else f"{path}: kit {json.dumps(a)[:200]} / ours {json.dumps(b)[:200]}"


def main():
    kit, ours = normalise(load(sys.argv[1])), normalise(load(sys.argv[2]))
    for i, (k, o) in enumerate(zip(kit, ours)):
        d = first_difference(k, o, f"envelope {i} ({next(iter(k))})")
        if d:
            print(d)
            return 1
    if len(kit) != len(ours):
        longer, name = (kit, "kit") if len(kit) > len(ours) else (ours, "ours")
        extra = next(iter(longer[min(len(kit), len(ours))]))
        print(f"kit has {len(kit)} envelopes, ours {len(ours)}; first extra in {name}: {extra}")
        return 1
    print(f"{len(kit)} envelopes agree")
    return 0


if __name__ == "__main__":
    sys.exit(main())
