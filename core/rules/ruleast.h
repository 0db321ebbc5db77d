#pragma once

#include "rulenode.h"

#include <QList>
#include <QString>

namespace Leadline {

/// A parsed condition: its source and its nodes; root indexes the top node.
struct RuleAst
{
    QString source;
    QList<RuleNode> nodes;
    int root = -1;
    bool checked = false; ///< true once RuleChecker accepted it (types and keys are filled in)

    const RuleNode &node(int index) const { return nodes.at(index); }
    /// The source text a node was parsed from.
    QString text(int index) const
    {
        const RuleNode &n = nodes.at(index);
        return source.mid(n.offset, n.length);
    }
};

} // namespace Leadline
