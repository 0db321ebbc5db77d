// libFuzzer entry point: any bytes as a rule's condition must give either a checked condition or
// an error with a position inside the source, never a crash, a hang or a sanitizer report; a
// checked condition is also evaluated on a fixed customer.

#include "core/domain/clock.h"
#include "core/rules/customerfacts.h"
#include "core/rules/rulecondition.h"
#include "core/rules/ruleevaluator.h"
#include "core/rules/rulelimits.h"

#include <QString>
#include <QTimeZone>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString source = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    static const Leadline::RuleCheckContext context = Leadline::RuleCheckContext::shipped();
    const Leadline::RuleCondition condition = Leadline::RuleCondition::compile(source, context);
    if (!condition.ok()) {
        const Leadline::RuleError &error = *condition.error();
        if (error.line < 1 || error.column < 1 || error.offset < 0 || error.offset > source.size()
            || error.message.isEmpty())
            std::abort();
        (void)error.display(source);
        return 0;
    }
    if (condition.ast().nodes.size() > Leadline::RuleLimits::maxNodes
        || source.toUtf8().size() > Leadline::RuleLimits::maxSourceBytes)
        std::abort();
    static const Leadline::FakeClock clock(1'795'000'000'000);
    static const Leadline::RuleEvaluator evaluator(clock, QTimeZone(8 * 3600));
    Leadline::CustomerFacts facts;
    facts.customer.name = QStringLiteral("王芳");
    facts.customer.stage = QStringLiteral("需求沟通");
    facts.customer.intent = QStringLiteral("高");
    facts.customer.tags = {QStringLiteral("VIP")};
    facts.customer.lastContactAt = 1'794'000'000'000;
    facts.calls = {
        {1'794'500'000'000, QStringLiteral("未接通"), QStringLiteral("no_answer"), false, 0, {}}};
    (void)condition.decide(facts, evaluator);
    return 0;
}
