#include "articlerepository.h"

#include "core/storage/changewriter.h"
#include "defaultarticles.h"
#include "core/reference/permissions.h"
#include "core/storage/localstore.h"
#include "core/storage/transaction.h"

#include <QCoreApplication>
#include <QSqlQuery>

namespace Leadline {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Leadline::ArticleRepository", text);
}

QVariantMap fieldsOf(const Article &article)
{
    return {{QStringLiteral("title"), article.title.trimmed()},
            {QStringLiteral("body"), article.body},
            {QStringLiteral("category"), article.category.trimmed()},
            {QStringLiteral("tags"), DefaultArticles::normalizeList(article.tags)},
            {QStringLiteral("stages"), DefaultArticles::normalizeList(article.stages)},
            {QStringLiteral("industries"), DefaultArticles::normalizeList(article.industries)},
            {QStringLiteral("customer_types"), DefaultArticles::normalizeList(article.customerTypes)}};
}

Article articleFrom(const QSqlQuery &query)
{
    Article a;
    a.id = query.value(0).toString();
    a.title = query.value(1).toString();
    a.body = query.value(2).toString();
    a.category = query.value(3).toString();
    a.tags = query.value(4).toString();
    a.stages = query.value(5).toString();
    a.industries = query.value(6).toString();
    a.customerTypes = query.value(7).toString();
    a.author = query.value(8).toString();
    a.retired = query.value(9).toBool();
    a.updatedAt = query.value(10).toLongLong();
    return a;
}

const char *selectColumns = "SELECT id, title, body, category, tags, stages, industries, customer_types, "
                            "author, retired, updated_at FROM articles ";

} // namespace

ArticleRepository::ArticleRepository(LocalStore &store)
    : m_store(store)
{}

const QStringList &ArticleRepository::categories()
{
    static const QStringList values = {QStringLiteral("产品介绍"), QStringLiteral("行业方案"),
                                       QStringLiteral("竞品分析"), QStringLiteral("成功案例"),
                                       QStringLiteral("常见问题"), QStringLiteral("异议处理"),
                                       QStringLiteral("通话话术")};
    return values;
}

Status ArticleRepository::checkEditable(const Article &article) const
{
    if (auto allowed = Permissions(m_store).check(Permissions::Action::EditKnowledgeBase); !allowed)
        return allowed;
    if (article.title.trimmed().isEmpty())
        return Error{tr("An article needs a title."), QStringLiteral("title")};
    if (article.title.trimmed().size() > 200)
        return Error{tr("The title is longer than 200 characters."), QStringLiteral("title")};
    if (article.body.trimmed().isEmpty())
        return Error{tr("An article needs some text."), QStringLiteral("body")};
    return {};
}

Result<QString> ArticleRepository::create(const Article &article)
{
    if (auto checked = checkEditable(article); !checked)
        return checked.error();
    QVariantMap row = fieldsOf(article);
    QString author = article.author.trimmed();
    if (author.isEmpty()) {
        QSqlQuery query(m_store.database());
        query.prepare(QStringLiteral("SELECT name FROM agents WHERE id = ?"));
        query.addBindValue(m_store.currentAgentId());
        if (query.exec() && query.next())
            author = query.value(0).toString();
    }
    row.insert(QStringLiteral("author"), author.isNull() ? QString(QLatin1String("")) : author);
    if (!article.id.isEmpty())
        row.insert(QStringLiteral("id"), article.id);
    return ChangeWriter(m_store).insert(QStringLiteral("articles"), row);
}

Status ArticleRepository::save(const Article &article)
{
    if (auto checked = checkEditable(article); !checked)
        return checked;
    return ChangeWriter(m_store).update(QStringLiteral("articles"), article.id, fieldsOf(article));
}

Status ArticleRepository::setRetired(const QString &id, bool retired)
{
    if (auto allowed = Permissions(m_store).check(Permissions::Action::EditKnowledgeBase); !allowed)
        return allowed;
    return ChangeWriter(m_store).update(QStringLiteral("articles"), id,
                                        {{QStringLiteral("retired"), retired ? 1 : 0}});
}

std::optional<Article> ArticleRepository::load(const QString &id) const
{
    QSqlQuery query(m_store.database());
    query.prepare(QLatin1String(selectColumns) + QStringLiteral("WHERE id = ? AND deleted = 0"));
    query.addBindValue(id);
    if (query.exec() && query.next())
        return articleFrom(query);
    return std::nullopt;
}

QList<Article> ArticleRepository::all(bool includeRetired) const
{
    QSqlQuery query(m_store.database());
    query.prepare(QLatin1String(selectColumns)
                  + QStringLiteral("WHERE deleted = 0 AND (retired = 0 OR ?) ORDER BY category, title"));
    query.addBindValue(includeRetired ? 1 : 0);
    QList<Article> out;
    if (query.exec()) {
        while (query.next())
            out.append(articleFrom(query));
    }
    return out;
}

Result<int> ArticleRepository::importDefaults()
{
    Transaction transaction(m_store);
    if (!transaction.isActive())
        return transaction.error();
    QSqlQuery exists(m_store.database());
    exists.prepare(QStringLiteral("SELECT 1 FROM articles WHERE title = ? AND deleted = 0"));
    int added = 0;
    for (const Article &article : DefaultArticles::load()) {
        exists.bindValue(0, article.title);
        if (exists.exec() && exists.next())
            continue;
        exists.finish();
        if (auto created = create(article); !created)
            return created.error();
        ++added;
    }
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return added;
}

} // namespace Leadline
