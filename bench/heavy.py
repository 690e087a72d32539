"""Large content for budgets: the heaviest procedure page and a ×N copy of the guide.

Used by the query-count and page-weight tests and by the benchmark scripts, so every
measurement talks about the same pages.
"""

from __future__ import annotations

from config import languages
from guides.models import Document, Procedure, RequiredDocument, Status, Step
from operators.models import Operator

# Realistic lengths: a step as long as the longest shipped ones, in Chinese.
STEP_TITLE = "第{n}步：带上身份证件前往运营商营业厅办理"
STEP_BODY = (
    "请携带**有效身份证件**（身份证或护照）前往营业厅。工作人员会核实您的身份，"
    "并请您填写申请表。办理前请确认余额和欠费情况，并备份通讯录和短信。\n\n"
    "- 核对号码登记在您的名下\n- 保留工作人员给您的确认单\n- 如有疑问，请向运营商咨询"
)


def texts(field: str, value: str) -> dict[str, str]:
    """The same text in every language column (the heaviest case: nothing falls back)."""
    return {languages.field_name(field, code): value for code in languages.CODES}


def make_heavy_procedure(*, operator: Operator, slug: str = "heavy-40-steps", steps: int = 40, documents: int = 30):
    procedure = Procedure.objects.create(
        operator=operator,
        slug=slug,
        kind=Procedure.Kind.CANCEL,
        channel=Procedure.Channel.IN_PERSON,
        status=Status.PUBLISHED,
        **texts("title", "注销号码：到营业厅办理（40个步骤）"),
        **texts("summary", "这是一个很长的流程，用来检查页面在内容很多时仍然轻便、快速。"),
        **texts("eligibility", "号码持有人本人，或持经公证的授权委托书的代理人。"),
    )
    Step.objects.bulk_create(
        Step(procedure=procedure, order=n, **texts("title", STEP_TITLE.format(n=n)), **texts("body", STEP_BODY))
        for n in range(1, steps + 1)
    )
    audiences = [choice for choice, _label in RequiredDocument.Audience.choices]
    for n in range(1, documents + 1):
        document, _ = Document.objects.get_or_create(
            slug=f"heavy-document-{n}", defaults={**texts("name", f"证件{n}"), **texts("description", "说明文字")}
        )
        RequiredDocument.objects.create(
            procedure=procedure,
            document=document,
            audience=audiences[n % len(audiences)],
            optional=n % 3 == 0,
            order=n,
            **texts("note", "如有，请携带原件。"),
        )
    return procedure
