"""Large content for budgets: the heaviest procedure page and a ×N copy of the guide.

Used by the query-count and page-weight tests and by the benchmark scripts, so every
measurement talks about the same pages.
"""

from __future__ import annotations

from config import languages
from editorial.models import Status
from guides.models import Document, Procedure, RequiredDocument, Step
from operators.models import Operator

# Realistic lengths and variety: each step draws different sentences, so the page
# compresses like real text rather than like forty copies of one paragraph.
STEP_TITLE = "第{n}步：{action}"
ACTIONS = [
    "带上身份证件前往营业厅",
    "核对余额和欠费",
    "备份通讯录和短信",
    "解绑银行和政务服务",
    "填写并签署申请表",
    "保留确认单",
]
SENTENCES = [
    "请携带**有效身份证件**（身份证或护照）前往营业厅。",
    "工作人员会核实您的身份，并请您填写申请表。",
    "办理前请确认余额和欠费情况，询问余额能否退还。",
    "先把号码从卡斯皮银行、人民银行等应用中解绑。",
    "在电子政务门户中更换绑定的手机号码。",
    "微信、支付宝、WhatsApp和Telegram也要换绑新号码。",
    "如果只是暂时出国，可以考虑停机保号而不是注销。",
    "请保留运营商出具的注销确认单或证明。",
    "外国公民请携带护照和居留证明，如有个人识别号也请带上。",
    "代理人办理时需要经公证的授权委托书和本人证件。",
    "具体费用和办理时间尚未核实，请向运营商确认。",
    "手机丢失时请记下IMEI号，并尽快挂失SIM卡。",
]


def step_body(n: int) -> str:
    picks = [SENTENCES[(n * 7 + k * 5) % len(SENTENCES)] for k in range(4)]
    items = [SENTENCES[(n * 3 + k) % len(SENTENCES)] for k in range(3)]
    return "".join(picks) + f"（第{n}步）\n\n" + "\n".join(f"- {item}" for item in items)


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
        Step(
            procedure=procedure,
            order=n,
            **texts("title", STEP_TITLE.format(n=n, action=ACTIONS[n % len(ACTIONS)])),
            **texts("body", step_body(n)),
        )
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


def unsaved_copy(instance, **changes):
    """A copy of a model instance that saves as a new row, with `changes` applied."""
    copy = type(instance)()
    for field in instance._meta.concrete_fields:
        if not field.primary_key:
            setattr(copy, field.attname, getattr(instance, field.attname))
    for name, value in changes.items():
        setattr(copy, name, value)
    return copy


def multiply_content(*, factor: int) -> None:
    """×`factor` content: copies of every operator (with its procedures, steps, documents and
    sources) and of every FAQ entry under new slugs, so lists and search have `factor` times
    the rows. One transaction, so the page cache is invalidated once."""
    from django.db import transaction

    from faq.models import Entry

    operators = list(
        Operator.objects.prefetch_related(
            "sources", "procedures__sources", "procedures__steps", "procedures__required_documents"
        )
    )
    entries = list(Entry.objects.prefetch_related("sources"))
    with transaction.atomic():
        for copy_number in range(2, factor + 1):
            for operator in operators:
                twin = unsaved_copy(
                    operator, slug=f"{operator.slug}-{copy_number}", name=f"{operator.name} {copy_number}"
                )
                twin.save()
                twin.sources.set(operator.sources.all())
                for procedure in operator.procedures.all():
                    procedure_twin = unsaved_copy(procedure, operator=twin)
                    procedure_twin.save()
                    procedure_twin.sources.set(procedure.sources.all())
                    Step.objects.bulk_create(unsaved_copy(s, procedure=procedure_twin) for s in procedure.steps.all())
                    RequiredDocument.objects.bulk_create(
                        unsaved_copy(r, procedure=procedure_twin) for r in procedure.required_documents.all()
                    )
            for entry in entries:
                entry_twin = unsaved_copy(entry, slug=f"{entry.slug}-{copy_number}")
                entry_twin.save()
                entry_twin.sources.set(entry.sources.all())
