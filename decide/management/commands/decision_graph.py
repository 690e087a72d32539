"""Print the decision flow as a diagram, generated from decide/flow.py.

manage.py decision_graph                      # Mermaid, node ids
manage.py decision_graph --format dot         # Graphviz: | dot -Tsvg > flow.svg
manage.py decision_graph --language ru        # labels in an editor's language
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import DatabaseError

from config import languages
from decide import engine, flow
from editorial.text import localized


class Command(BaseCommand):
    help = "Print the decision flow (decide/flow.py) as a Mermaid or Graphviz DOT diagram."

    def add_arguments(self, parser):
        parser.add_argument("--format", dest="output_format", choices=("mermaid", "dot"), default="mermaid")
        parser.add_argument(
            "--language",
            choices=languages.CODES,
            help="Label nodes with their wording in this language (from the database) instead of their ids.",
        )

    def handle(self, *args, output_format: str, language: str | None, **options):
        label = self.labeller(language)
        names: dict[int, str] = {}

        def name(node: flow.Node) -> str:
            # One box per outcome; one diamond per place a question is asked.
            if isinstance(node, flow.Done):
                return f"outcome_{node.outcome}"
            return names.setdefault(id(node), f"q{len(names) + 1}")

        nodes: dict[str, tuple[str, str]] = {}  # name → (shape, label)
        edges: list[tuple[str, str, str]] = []
        for asked, answer, after in engine.walk_tree():
            nodes[name(asked)] = ("question", label(flow.question_key(asked.question), asked.question))
            if isinstance(after, flow.Done):
                nodes[name(after)] = ("outcome", label(flow.outcome_key(after.outcome), after.outcome))
            edge = "any operator" if answer is None else label(flow.answer_key(asked.question, answer), answer)
            edges.append((name(asked), name(after), edge))

        count, operators = self.path_count()
        render = self.mermaid if output_format == "mermaid" else self.dot
        self.stdout.write(render(nodes, edges, f"{count} paths with {operators} active operator(s) + don't know"))

    def labeller(self, language: str | None):
        if language is None:
            return lambda key, fallback: fallback
        from decide.wording import wording

        texts = wording(node.key for node in flow.wording_nodes())
        return lambda key, fallback: localized(texts[key], "text", language).text or fallback

    def path_count(self) -> tuple[int, int]:
        from operators.models import Operator

        try:
            slugs = list(Operator.objects.active().values_list("slug", flat=True))
        except DatabaseError:
            slugs = []
        return sum(1 for _path in engine.paths(operators=slugs)), len(slugs)

    @staticmethod
    def mermaid(nodes: dict[str, tuple[str, str]], edges: list[tuple[str, str, str]], comment: str) -> str:
        def quote(text: str) -> str:
            return '"' + text.replace('"', "#quot;") + '"'

        lines = [f"%% {comment}", "flowchart TD"]
        for node, (shape, text) in nodes.items():
            lines.append(f"  {node}{{{quote(text)}}}" if shape == "question" else f"  {node}([{quote(text)}])")
        lines += [f"  {start} -->|{quote(text)}| {end}" for start, end, text in edges]
        return "\n".join(lines)

    @staticmethod
    def dot(nodes: dict[str, tuple[str, str]], edges: list[tuple[str, str, str]], comment: str) -> str:
        def quote(text: str) -> str:
            return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

        lines = [f"// {comment}", "digraph decision {", "  rankdir=LR;", "  node [fontname=sans];"]
        for node, (shape, text) in nodes.items():
            style = "shape=diamond" if shape == "question" else "shape=box, style=rounded"
            lines.append(f"  {node} [{style}, label={quote(text)}];")
        lines += [f"  {start} -> {end} [label={quote(text)}];" for start, end, text in edges]
        lines.append("}")
        return "\n".join(lines)
