#include "defaultarticles.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>

namespace Leadline {

QList<Article> DefaultArticles::load()
{
    QList<Article> out;
    const QDir dir(QStringLiteral(":/kb"));
    const QStringList files = dir.entryList({QStringLiteral("*.md")}, QDir::Files, QDir::Name);
    for (const QString &name : files) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        out.append(parse(QString::fromUtf8(file.readAll())));
    }
    return out;
}

Article DefaultArticles::parse(const QString &text)
{
    Article article;
    const QStringList lines = text.split(QLatin1Char('\n'));
    int bodyStart = 0;
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines.at(i).trimmed();
        if (line.isEmpty()) {
            bodyStart = i + 1;
            break;
        }
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        if (colon <= 0) {
            bodyStart = i;
            break;
        }
        const QString key = line.left(colon).trimmed();
        const QString value = line.mid(colon + 1).trimmed();
        if (key == QLatin1String("title"))
            article.title = value;
        else if (key == QLatin1String("category"))
            article.category = value;
        else if (key == QLatin1String("tags"))
            article.tags = normalizeList(value);
        else if (key == QLatin1String("stages"))
            article.stages = normalizeList(value);
        else if (key == QLatin1String("industries"))
            article.industries = normalizeList(value);
        else if (key == QLatin1String("customer_types"))
            article.customerTypes = normalizeList(value);
        else {
            bodyStart = i;
            break;
        }
        bodyStart = i + 1;
    }
    article.body = lines.mid(bodyStart).join(QLatin1Char('\n')).trimmed() + QLatin1Char('\n');
    if (article.title.isEmpty())
        article.title = lines.value(bodyStart).remove(QLatin1Char('#')).trimmed();
    return article;
}

QString DefaultArticles::normalizeList(const QString &list)
{
    static const QRegularExpression separators(QStringLiteral("[,，、;；]"));
    QStringList items;
    for (const QString &item : list.split(separators, Qt::SkipEmptyParts)) {
        const QString trimmed = item.trimmed();
        if (!trimmed.isEmpty() && !items.contains(trimmed))
            items.append(trimmed);
    }
    return items.join(QLatin1Char(','));
}

} // namespace Leadline
