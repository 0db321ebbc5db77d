#include <catch2/catch.hpp>

#include "tests/core/rules/catchqstring.h"

#include "core/domain/clock.h"
#include "core/domain/vocabulary.h"
#include "core/rules/leadscorer.h"

#include <random>

using namespace Leadline;

namespace {

constexpr qint64 day = 24LL * 60 * 60 * 1000;
constexpr qint64 now = 1'795'000'000'000;

int sum(const LeadScore &score)
{
    int total = 0;
    for (const ScoreReason &reason : score.reasons)
        total += reason.points;
    return total;
}

QStringList texts(const LeadScore &score)
{
    QStringList out;
    for (const ScoreReason &reason : score.reasons)
        out.append(reason.text());
    return out;
}

} // namespace

TEST_CASE("GIVEN a well-fitting lead THEN every point of its score has a reason", "[rules][score]")
{
    const FakeClock clock(now);
    const LeadScorer scorer(ScoreWeights::defaults(), clock);
    CustomerFacts facts;
    facts.customer.industry = QStringLiteral("制造业");
    facts.customer.region = QStringLiteral("江苏");
    facts.customer.title = QStringLiteral("采购经理"); // 经理 (8) beats 采购 (6)
    facts.customer.intent = QStringLiteral("高");
    facts.customer.stage = QStringLiteral("方案提供");
    facts.customer.lastContactAt = now - 14 * day; // one half-life: 10 → 5
    facts.calls = {
        {now, QStringLiteral("有意向"), QStringLiteral("connected"), true, 120, {}},           // 6
        {now - 14 * day, QStringLiteral("有意向"), QStringLiteral("connected"), true, 60, {}}, // 3
        {now - day, QStringLiteral("未接通"), QStringLiteral("no_answer"), false, 0, {}}};     // 0
    const LeadScore score = scorer.score(facts);
    // 20 + 5 + 8 + 30 + 10 + 9 + 5
    CHECK(score.score == 87);
    CHECK(score.band == QStringLiteral("热"));
    CHECK(sum(score) == score.score);
    CHECK(texts(score)
          == QStringList{
              QStringLiteral("+20 Industry fit: 制造业"), QStringLiteral("+5 Region fit: 江苏"),
              QStringLiteral("+8 Decision maker: 采购经理"), QStringLiteral("+30 Intent: 高"),
              QStringLiteral("+10 Stage: 方案提供"), QStringLiteral("+9 Connected calls: 2"),
              QStringLiteral("+5 Recent contact: 14")});
}

TEST_CASE("Thresholds give 热, 温 and 冷; a capped score says so in its reasons", "[rules][score]")
{
    const FakeClock clock(now);
    ScoreWeights weights = ScoreWeights::defaults();
    const LeadScorer scorer(weights, clock);
    CustomerFacts warm;
    warm.customer.industry = QStringLiteral("教育");
    warm.customer.intent = QStringLiteral("中");
    warm.customer.stage = QStringLiteral("报价阶段");
    CHECK(scorer.score(warm).score == 45); // 15 + 15 + 15
    CHECK(scorer.score(warm).band == QStringLiteral("温"));
    const LeadScore cold = scorer.score(CustomerFacts{});
    CHECK(cold.score == 0);
    CHECK(cold.band == QStringLiteral("冷"));
    CHECK(cold.reasons.isEmpty());

    weights.intent[QStringLiteral("高")] = 90;
    const LeadScorer generous(weights, clock);
    CustomerFacts hot;
    hot.customer.industry = QStringLiteral("制造业");
    hot.customer.intent = QStringLiteral("高");
    const LeadScore capped = generous.score(hot);
    CHECK(capped.score == 100);
    CHECK(capped.reasons.last().points == -10);
    CHECK(capped.reasons.last().text() == QStringLiteral("-10 Capped at the maximum: 100"));
    CHECK(sum(capped) == 100);
}

TEST_CASE("On random customers the reasons always add up to the score", "[rules][score]")
{
    const FakeClock clock(now);
    const LeadScorer scorer(ScoreWeights::defaults(), clock);
    std::mt19937 random(15);
    const QStringList industries
        = {QStringLiteral("制造业"), QStringLiteral("教育"), QStringLiteral("零售"), QString()};
    const QStringList titles = {QStringLiteral("总经理"), QStringLiteral("采购主管"),
                                QStringLiteral("工程师"), QString()};
    for (int i = 0; i < 2000; ++i) {
        CustomerFacts facts;
        facts.customer.industry = industries.at(int(random() % industries.size()));
        facts.customer.title = titles.at(int(random() % titles.size()));
        facts.customer.intent
            = Vocabulary::intents().at(int(random() % Vocabulary::intents().size()));
        facts.customer.stage = Vocabulary::stages().at(int(random() % Vocabulary::stages().size()));
        if (random() % 2)
            facts.customer.lastContactAt = now - qint64(random() % (60 * day));
        const int calls = int(random() % 12);
        for (int c = 0; c < calls; ++c)
            facts.calls.append(
                {now - qint64(random() % (90 * day)), {}, {}, random() % 2 == 0, 0, {}});
        const LeadScore score = scorer.score(facts);
        CAPTURE(i);
        REQUIRE(sum(score) == score.score);
        REQUIRE(score.score <= 100);
        REQUIRE(score.score >= 0);
    }
}
