"""A "billion laughs" lesson: nested YAML aliases in the front matter."""


def alias_bomb(depth: int = 9) -> str:
    """Front matter of a few hundred bytes whose title expands to 9**depth strings."""
    names = "abcdefghijklmnop"[:depth]
    lines = [f'{names[0]}: &{names[0]} ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for before, name in zip(names, names[1:], strict=False):
        lines.append(f"{name}: &{name} [{','.join(['*' + before] * 9)}]")
    front = "\n".join([*lines, f"slug: laughs\ntitle: *{names[-1]}\nsummary: *{names[-1]}"])
    return f"---\n{front}\n---\n## Step\nHello.\n"
