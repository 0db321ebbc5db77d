#pragma once

#include "core/domain/activity.h"
#include "core/domain/result.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Leadline {

class LocalStore;

/// Writes and loads knowledge-base articles. Every write goes through ChangeWriter, so it
/// reaches the server with the next sync. Supervisors and admins write; agents only read.
class ArticleRepository final
{
public:
    explicit ArticleRepository(LocalStore &store);

    /// The categories the product ships with, in display order.
    static const QStringList &categories();

    /// Saves a new article (author defaults to the current agent's name); returns its id.
    Result<QString> create(const Article &article);
    /// Saves the editable fields of an existing article.
    Status save(const Article &article);
    /// Retires an article (hidden from search and suggestions, kept for the record), or brings
    /// it back.
    Status setRetired(const QString &id, bool retired);
    std::optional<Article> load(const QString &id) const;
    /// All articles, by category then title; retired ones only when asked.
    QList<Article> all(bool includeRetired = false) const;
    /// Adds the shipped articles whose title the workspace does not have yet; returns how many.
    Result<int> importDefaults();

private:
    Status checkEditable(const Article &article) const;

    LocalStore &m_store;
};

} // namespace Leadline
