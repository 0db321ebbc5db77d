#pragma once

#include "core/domain/activity.h"

#include <QList>
#include <QString>

namespace Leadline {

/// The knowledge base shipped with Leadline: Markdown files under :/kb, each starting with a
/// header block ("title: …", "category: …", "tags: …", "stages: …", "industries: …",
/// "customer_types: …"), a blank line, then the body.
class DefaultArticles final
{
public:
    /// Every shipped article in file-name order (ids left empty).
    static QList<Article> load();
    /// Parses one file's text; an article without a title header takes its first line.
    static Article parse(const QString &text);
    /// "a, b，c、d" → "a,b,c,d": the stored form of tags, stages, industries and types.
    static QString normalizeList(const QString &list);
};

} // namespace Leadline
