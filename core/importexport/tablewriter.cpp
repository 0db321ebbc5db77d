#include "tablewriter.h"

#include <QFile>
#include <QSaveFile>

#include <xlsxwriter.h>

namespace Leadline {

namespace {

bool isNumber(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Double:
        return true;
    default:
        return false;
    }
}

QString valueText(const QVariant &value)
{
    if (value.typeId() == QMetaType::Double)
        return QString::number(value.toDouble(), 'g', 15);
    return value.toString();
}

class CsvWriter final : public TableWriter
{
public:
    explicit CsvWriter(const QString &path) : m_file(path) {}

    Status open()
    {
        if (!m_file.open(QIODevice::WriteOnly))
            return Error{QCoreApplication::translate("Leadline::TableWriter", "%1 cannot be written: %2").arg(m_file.fileName(), m_file.errorString())};
        m_file.write("\xEF\xBB\xBF");
        return {};
    }

    Status writeRow(const QStringList &cells) override
    {
        QString line;
        for (qsizetype i = 0; i < cells.size(); ++i) {
            if (i > 0)
                line += u',';
            const QString &cell = cells.at(i);
            if (cell.contains(u',') || cell.contains(u'"') || cell.contains(u'\n')
                || cell.contains(u'\r') || cell.contains(u';') || cell.contains(u'\t')) {
                QString quoted = cell;
                quoted.replace(QStringLiteral("\""), QStringLiteral("\"\""));
                line += u'"' + quoted + u'"';
            } else {
                line += cell;
            }
        }
        line += QStringLiteral("\r\n");
        if (m_file.write(line.toUtf8()) < 0)
            return Error{QCoreApplication::translate("Leadline::TableWriter", "%1 cannot be written: %2").arg(m_file.fileName(), m_file.errorString())};
        return {};
    }

    Status close() override
    {
        if (!m_file.commit())
            return Error{QCoreApplication::translate("Leadline::TableWriter", "%1 cannot be written: %2").arg(m_file.fileName(), m_file.errorString())};
        return {};
    }

private:
    QSaveFile m_file;
};

class XlsxWriter final : public TableWriter
{
public:
    ~XlsxWriter() override
    {
        if (m_workbook)
            workbook_close(m_workbook);
    }

    Status open(const QString &path, const QString &sheet)
    {
        m_path = path;
        lxw_workbook_options options = {};
        options.constant_memory = LXW_TRUE;
        const QByteArray name = QFile::encodeName(path);
        m_workbook = workbook_new_opt(name.constData(), &options);
        if (!m_workbook)
            return Error{QCoreApplication::translate("Leadline::TableWriter", "%1 cannot be written.").arg(path)};
        const QByteArray sheetName = (sheet.isEmpty() ? QStringLiteral("Sheet1") : sheet.left(31)).toUtf8();
        m_sheet = workbook_add_worksheet(m_workbook, sheetName.constData());
        if (!m_sheet)
            return Error{QCoreApplication::translate("Leadline::TableWriter", "%1 cannot be written.").arg(path)};
        return {};
    }

    Status writeRow(const QStringList &cells) override
    {
        for (qsizetype i = 0; i < cells.size() && i < LXW_COL_MAX; ++i) {
            if (cells.at(i).isEmpty())
                continue;
            const QByteArray text = cells.at(i).toUtf8();
            if (worksheet_write_string(m_sheet, m_row, lxw_col_t(i), text.constData(), nullptr)
                != LXW_NO_ERROR) {
                return Error{QCoreApplication::translate("Leadline::TableWriter", "Row %1 cannot be written to %2.").arg(m_row + 1).arg(m_path)};
            }
        }
        ++m_row;
        return {};
    }

    Status writeValues(const QVariantList &cells) override
    {
        for (qsizetype i = 0; i < cells.size() && i < LXW_COL_MAX; ++i) {
            const QVariant &cell = cells.at(i);
            lxw_error error = LXW_NO_ERROR;
            const auto column = lxw_col_t(i);
            if (isNumber(cell)) {
                error = worksheet_write_number(m_sheet, m_row, column, cell.toDouble(), nullptr);
            } else if (const QString text = cell.toString(); !text.isEmpty()) {
                const QByteArray utf8 = text.toUtf8();
                error = worksheet_write_string(m_sheet, m_row, column, utf8.constData(), nullptr);
            }
            if (error != LXW_NO_ERROR)
                return Error{QCoreApplication::translate("Leadline::TableWriter",
                                                         "Row %1 cannot be written to %2.")
                                 .arg(m_row + 1)
                                 .arg(m_path)};
        }
        ++m_row;
        return {};
    }

    Status close() override
    {
        const lxw_error error = workbook_close(m_workbook);
        m_workbook = nullptr;
        if (error != LXW_NO_ERROR)
            return Error{QCoreApplication::translate("Leadline::TableWriter", "%1 cannot be written: %2").arg(m_path, QString::fromUtf8(lxw_strerror(error)))};
        return {};
    }

private:
    QString m_path;
    lxw_workbook *m_workbook = nullptr;
    lxw_worksheet *m_sheet = nullptr;
    lxw_row_t m_row = 0;
};

} // namespace

Status TableWriter::writeValues(const QVariantList &cells)
{
    QStringList texts;
    texts.reserve(cells.size());
    for (const QVariant &cell : cells)
        texts.append(valueText(cell));
    return writeRow(texts);
}

Result<std::unique_ptr<TableWriter>> TableWriter::create(const QString &path, Format format,
                                                         const QString &sheet)
{
    if (format == Format::Csv) {
        auto writer = std::make_unique<CsvWriter>(path);
        if (auto opened = writer->open(); !opened)
            return opened.error();
        return std::unique_ptr<TableWriter>(std::move(writer));
    }
    auto writer = std::make_unique<XlsxWriter>();
    if (auto opened = writer->open(path, sheet); !opened)
        return opened.error();
    return std::unique_ptr<TableWriter>(std::move(writer));
}

std::optional<TableWriter::Format> TableWriter::formatNamed(const QString &name)
{
    if (name.compare(QLatin1String("csv"), Qt::CaseInsensitive) == 0)
        return Format::Csv;
    if (name.compare(QLatin1String("xlsx"), Qt::CaseInsensitive) == 0)
        return Format::Xlsx;
    return std::nullopt;
}

} // namespace Leadline
