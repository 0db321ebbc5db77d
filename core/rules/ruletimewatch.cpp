#include "ruletimewatch.h"

#include "rulecondition.h"

#include <QSet>

#include <cmath>

namespace Leadline {

namespace {

constexpr qint64 hourMs = 3600LL * 1000;
constexpr qint64 dayMs = 24 * hourMs;

std::optional<RuleTimeWatch::Column> columnOf(const RuleNode &node)
{
    if (node.kind != RuleNodeKind::Field)
        return std::nullopt;
    using Column = RuleTimeWatch::Column;
    if (node.key == QLatin1String("last_contact"))
        return Column::LastContact;
    if (node.key == QLatin1String("assigned_at"))
        return Column::AssignedAt;
    if (node.key == QLatin1String("created_at"))
        return Column::CreatedAt;
    if (node.key == QLatin1String("updated_at"))
        return Column::UpdatedAt;
    if (node.key == QLatin1String("last_call.at"))
        return Column::CallStarted;
    if (node.key == QLatin1String("last_todo.due"))
        return Column::TodoDue;
    if (node.key == QLatin1String("last_todo.completed_at"))
        return Column::TodoCompleted;
    return std::nullopt;
}

// A number written in the rule (3, -3), or nullopt.
std::optional<double> constantNumber(const RuleAst &ast, int index)
{
    const RuleNode &node = ast.node(index);
    if (node.kind == RuleNodeKind::Literal && node.type == RuleType::Number)
        return node.literal.toDouble();
    if (node.kind == RuleNodeKind::Negate) {
        if (const auto inner = constantNumber(ast, node.children.at(0)))
            return -*inner;
    }
    return std::nullopt;
}

// A duration written in the rule (3d, -2h), or nullopt.
std::optional<qint64> constantDuration(const RuleAst &ast, int index)
{
    const RuleNode &node = ast.node(index);
    if (node.kind == RuleNodeKind::Literal && node.type == RuleType::Duration)
        return node.literal.toLongLong();
    if (node.kind == RuleNodeKind::Negate) {
        if (const auto inner = constantDuration(ast, node.children.at(0)))
            return -*inner;
    }
    return std::nullopt;
}

bool isNow(const RuleNode &node)
{
    return node.kind == RuleNodeKind::Call && node.name == QLatin1String("now");
}

// now(), now() + d, now() - d, d + now(): the shift from now, and the now() node.
std::optional<std::pair<qint64, int>> shiftedNow(const RuleAst &ast, int index)
{
    const RuleNode &node = ast.node(index);
    if (isNow(node))
        return std::pair{qint64(0), index};
    if (node.kind != RuleNodeKind::Add && node.kind != RuleNodeKind::Subtract)
        return std::nullopt;
    const int left = node.children.at(0);
    const int right = node.children.at(1);
    const int sign = node.kind == RuleNodeKind::Add ? 1 : -1;
    if (isNow(ast.node(left))) {
        if (const auto d = constantDuration(ast, right))
            return std::pair{sign * *d, left};
    }
    if (node.kind == RuleNodeKind::Add && isNow(ast.node(right))) {
        if (const auto d = constantDuration(ast, left))
            return std::pair{*d, right};
    }
    return std::nullopt;
}

} // namespace

std::optional<QList<RuleTimeWatch>> RuleTimeWatch::of(const RuleCondition &condition,
                                                      RuleTriggerKind trigger)
{
    if (!condition.ok())
        return QList<RuleTimeWatch>{};
    const RuleAst &ast = condition.ast();
    QList<RuleTimeWatch> watches;
    const auto watch = [&watches](Column column, qint64 offset) {
        const RuleTimeWatch w{column, offset};
        if (!watches.contains(w))
            watches.append(w);
    };
    if (trigger == RuleTriggerKind::TodoOverdue)
        watch(Column::TodoDue, 0);

    QSet<int> followed; // the clock-reading nodes a pattern below accounts for
    for (int i = 0; i < ast.nodes.size(); ++i) {
        const RuleNode &node = ast.node(i);
        if (node.kind == RuleNodeKind::Field && node.key == QLatin1String("last_todo.overdue")) {
            watch(Column::TodoDue, 0);
            continue;
        }
        if (node.kind == RuleNodeKind::Call
            && (node.name == QLatin1String("count_calls")
                || node.name == QLatin1String("count_calls_with"))) {
            // A call leaves the window when now passes its start + the window; a call dated
            // ahead of the clock enters it when now reaches its start.
            const int windowNode = node.children.last();
            qint64 window = 0;
            if (const auto days = constantNumber(ast, windowNode))
                window = qint64(std::llround(*days * double(dayMs)));
            else if (const auto span = constantDuration(ast, windowNode))
                window = *span;
            else
                return std::nullopt;
            watch(Column::CallStarted, window);
            watch(Column::CallStarted, 0);
            continue;
        }
        if (node.kind != RuleNodeKind::Compare)
            continue;
        const int left = node.children.at(0);
        const int right = node.children.at(1);
        // days_since(x) op N, hours_since(x) op N (either side): the whole number of days
        // since x only moves past N when now passes x + k·unit with k near N.
        for (const auto &[since, other] : {std::pair{left, right}, std::pair{right, left}}) {
            const RuleNode &call = ast.node(since);
            if (call.kind != RuleNodeKind::Call
                || (call.name != QLatin1String("days_since")
                    && call.name != QLatin1String("hours_since"))) {
                continue;
            }
            const auto n = constantNumber(ast, other);
            const auto column = columnOf(ast.node(call.children.at(0)));
            if (!n || !column)
                continue;
            const qint64 unit = call.name == QLatin1String("days_since") ? dayMs : hourMs;
            const qint64 low = qint64(std::floor(*n));
            for (const qint64 k : {low - 1, low, low + 1, qint64(std::ceil(*n))})
                watch(*column, k * unit);
            followed.insert(since);
        }
        // x op now() ± d (either side): changes when now passes x ∓ d.
        for (const auto &[clock, other] : {std::pair{left, right}, std::pair{right, left}}) {
            const auto shifted = shiftedNow(ast, clock);
            const auto column = columnOf(ast.node(other));
            if (!shifted || !column)
                continue;
            watch(*column, -shifted->first);
            followed.insert(shifted->second);
        }
    }
    for (int i = 0; i < ast.nodes.size(); ++i) {
        const RuleNode &node = ast.node(i);
        const bool readsClock = isNow(node)
                                || (node.kind == RuleNodeKind::Call
                                    && (node.name == QLatin1String("days_since")
                                        || node.name == QLatin1String("hours_since")));
        if (readsClock && !followed.contains(i))
            return std::nullopt;
    }
    return watches;
}

QString RuleTimeWatch::customersQuery(Column column)
{
    switch (column) {
    case Column::LastContact:
        return QStringLiteral("SELECT id FROM customers WHERE last_contact_at BETWEEN ? AND ?");
    case Column::AssignedAt:
        return QStringLiteral("SELECT id FROM customers WHERE assigned_at BETWEEN ? AND ?");
    case Column::CreatedAt:
        return QStringLiteral("SELECT id FROM customers WHERE created_at BETWEEN ? AND ?");
    case Column::UpdatedAt:
        return QStringLiteral("SELECT id FROM customers WHERE updated_at BETWEEN ? AND ?");
    case Column::CallStarted:
        return QStringLiteral("SELECT customer_id FROM calls WHERE started_at BETWEEN ? AND ?");
    case Column::TodoDue:
        return QStringLiteral("SELECT customer_id FROM todos WHERE due_at BETWEEN ? AND ? "
                              "AND customer_id IS NOT NULL");
    case Column::TodoCompleted:
        return QStringLiteral("SELECT customer_id FROM todos WHERE completed_at BETWEEN ? AND ? "
                              "AND customer_id IS NOT NULL");
    }
    return {};
}

} // namespace Leadline
