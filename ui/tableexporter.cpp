#include "tableexporter.h"

#include <QAbstractItemModel>
#include <QCoreApplication>
#include <QSaveFile>

#include <xlsxwriter.h>

namespace Leadline::Ui {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Leadline::Ui::TableExporter", text);
}

QVariant cell(const QAbstractItemModel &model, int row, int column, int valueRole)
{
    const QModelIndex index = model.index(row, column);
    const QVariant value = model.data(index, valueRole);
    return value.isValid() ? value : model.data(index, Qt::DisplayRole);
}

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

QString csvField(const QString &text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"'))
        && !text.contains(QLatin1Char('\n')) && !text.contains(QLatin1Char('\r')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

} // namespace

Status TableExporter::toCsv(const QAbstractItemModel &model, const QString &path, int valueRole)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error{tr("Cannot write %1: %2").arg(path, file.errorString())};
    QByteArray out("\xEF\xBB\xBF");
    QStringList fields;
    for (int c = 0; c < model.columnCount(); ++c)
        fields.append(csvField(model.headerData(c, Qt::Horizontal).toString()));
    out += fields.join(QLatin1Char(',')).toUtf8() + "\r\n";
    for (int r = 0; r < model.rowCount(); ++r) {
        fields.clear();
        for (int c = 0; c < model.columnCount(); ++c)
            fields.append(csvField(cell(model, r, c, valueRole).toString()));
        out += fields.join(QLatin1Char(',')).toUtf8() + "\r\n";
    }
    file.write(out);
    if (!file.commit())
        return Error{tr("Cannot write %1: %2").arg(path, file.errorString())};
    return {};
}

Status TableExporter::toXlsx(const QAbstractItemModel &model, const QString &path, int valueRole,
                             const QString &sheetName)
{
    const QByteArray file = path.toLocal8Bit();
    lxw_workbook *workbook = workbook_new(file.constData());
    if (!workbook)
        return Error{tr("Cannot write %1.").arg(path)};
    const QByteArray sheetText = sheetName.left(31).toUtf8();
    lxw_worksheet *sheet = workbook_add_worksheet(workbook, sheetText.constData());
    lxw_format *bold = workbook_add_format(workbook);
    format_set_bold(bold);
    for (int c = 0; c < model.columnCount(); ++c) {
        const QByteArray text = model.headerData(c, Qt::Horizontal).toString().toUtf8();
        worksheet_write_string(sheet, 0, lxw_col_t(c), text.constData(), bold);
    }
    for (int r = 0; r < model.rowCount(); ++r) {
        for (int c = 0; c < model.columnCount(); ++c) {
            const QVariant value = cell(model, r, c, valueRole);
            const auto row = lxw_row_t(r + 1);
            if (isNumber(value)) {
                worksheet_write_number(sheet, row, lxw_col_t(c), value.toDouble(), nullptr);
            } else {
                const QByteArray text = value.toString().toUtf8();
                worksheet_write_string(sheet, row, lxw_col_t(c), text.constData(), nullptr);
            }
        }
    }
    const lxw_error closed = workbook_close(workbook);
    if (closed != LXW_NO_ERROR)
        return Error{tr("Cannot write %1: %2").arg(path, QString::fromUtf8(lxw_strerror(closed)))};
    return {};
}

} // namespace Leadline::Ui
