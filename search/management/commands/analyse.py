"""Print the tokens search makes of a text, as Elasticsearch's _analyze does:

manage.py analyse "нөміріңізді жабу" --language kk
manage.py analyse "哈萨克斯坦手机号怎么注销"          (every language)
"""

from django.core.management.base import BaseCommand

from config import languages
from search.analysis import analyse


class Command(BaseCommand):
    help = "Print the tokens of a text in each language's analysis (or one: --language)."

    def add_arguments(self, parser):
        parser.add_argument("text")
        parser.add_argument("--language", choices=languages.CODES)

    def handle(self, *args, text, language=None, **options):
        for code in [language] if language else languages.CODES:
            tokens = analyse(text, code)
            shown = " ".join(token.text if token.weight == 1 else f"{token.text}({token.weight:g})" for token in tokens)
            self.stdout.write(f"{code}: {shown}")
