#include <catch2/catch.hpp>

#include "tests/core/rules/catchqstring.h"

#include "core/rules/leadscore.h"
#include "core/rules/rulecondition.h"

#include <QCoreApplication>
#include <QTranslator>

using namespace Leadline;

namespace {

// The app's Chinese translation for the length of one test case.
class Chinese final
{
public:
    Chinese()
    {
        m_loaded
            = m_translator.load(QStringLiteral(LEADLINE_TRANSLATIONS_DIR "/leadline_zh_CN.qm"));
        if (m_loaded)
            QCoreApplication::installTranslator(&m_translator);
    }
    ~Chinese() { QCoreApplication::removeTranslator(&m_translator); }
    Chinese(const Chinese &) = delete;
    Chinese &operator=(const Chinese &) = delete;
    bool loaded() const { return m_loaded; }

private:
    QTranslator m_translator;
    bool m_loaded = false;
};

std::string messageOf(const QString &source)
{
    const RuleCondition condition = RuleCondition::compile(source, RuleCheckContext::shipped());
    return (condition.ok() ? QStringLiteral("(accepted)") : condition.error()->message)
        .toStdString();
}

} // namespace

TEST_CASE("GIVEN a Chinese user WHEN a rule has a mistake THEN the message is in Chinese",
          "[rules][checker][zh_CN]")
{
    Chinese chinese;
    REQUIRE(chinese.loaded());
    CHECK(messageOf(QStringLiteral("intent == \"高\" and and x"))
          == std::string("第 1 行第 19 列：需要一个值，但遇到 \"and\""));
    CHECK(messageOf(QStringLiteral("(a or b"))
          == std::string("第 1 行第 8 列：需要\")\"，但遇到 规则结尾"));
    CHECK(messageOf(QStringLiteral("stage == 3"))
          == std::string("第 1 行第 10 列：需要文本，但遇到 \"3\"（数字）"));
    CHECK(messageOf(QStringLiteral("intnt == \"高\""))
          == std::string("第 1 行第 1 列：需要字段，例如 \"intent\"，但遇到 \"intnt\""));
    CHECK(messageOf(QStringLiteral("stage == \"谈判\""))
          == std::string("第 1 行第 10 列：需要阶段（首次联系, 需求沟通, 方案提供, 报价阶段, "
                         "待签约, 成交, 流失），但遇到 \"谈判\""));
    CHECK(messageOf(QString(33, QLatin1Char('(')) + QStringLiteral("a")
                    + QString(33, QLatin1Char(')')))
          == std::string(
              "第 1 行第 33 列：需要最多 32 层括号、列表、函数调用和 \"not\"，但遇到 第 33 层"));
}

TEST_CASE("GIVEN a Chinese user THEN a score reason reads in Chinese", "[rules][score][zh_CN]")
{
    Chinese chinese;
    REQUIRE(chinese.loaded());
    CHECK(ScoreReason{20, QStringLiteral("industry"), QStringLiteral("制造业")}.text().toStdString()
          == std::string("+20 行业匹配：制造业"));
}
