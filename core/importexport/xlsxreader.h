#pragma once

#include "tablereader.h"

#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QXmlStreamReader>

#include <memory>

namespace Leadline {

/// A rectangle of merged cells (0-based rows and columns, inclusive).
struct CellRange
{
    int firstRow = 0;
    int firstColumn = 0;
    int lastRow = 0;
    int lastColumn = 0;
};

/// Reads one sheet of an XLSX workbook (Excel, WPS) with libzip and Qt's XML stream reader,
/// streaming the sheet so memory stays flat. Shared and inline strings, numbers (integers
/// written without exponent or decimals, so phone numbers stored as numbers come out whole),
/// booleans, dates stored as serial numbers in the workbook's epoch (1900 or 1904), empty cells
/// and merged cells (every cell of a merged range reads as its top-left value).
class XlsxReader final : public TableReader
{
    Q_DECLARE_TR_FUNCTIONS(Leadline::XlsxReader)

public:
    /// Opens the sheet with this name (the first sheet when empty) of a workbook file.
    static Result<std::unique_ptr<XlsxReader>> open(const QString &path, const QString &sheet = {});
    /// The same from the bytes of a workbook (tests, fuzzing).
    static Result<std::unique_ptr<XlsxReader>> fromBytes(const QByteArray &bytes,
                                                         const QString &sheet = {});
    /// The names of the workbook's sheets, in order.
    static Result<QStringList> sheetNames(const QString &path);
    ~XlsxReader() override;

    bool next(QStringList &cells) override;
    int rowNumber() const override { return m_row; }
    std::optional<Error> error() const override { return m_error; }
    int permille() const override;
    /// True when the workbook counts dates from 1904 (old Mac Excel).
    bool uses1904() const { return m_date1904; }
    QStringList sheets() const { return m_sheetNames; }

    /// A date serial number as text in the given epoch: "yyyy-MM-dd", plus " HH:mm:ss" when it
    /// has a time of day.
    static QString dateFromSerial(double serial, bool date1904);
    /// A number as text without exponent: whole numbers as integers ("13800138000").
    static QString numberText(double value);

private:
    struct Zip;
    XlsxReader();
    Status load(const QString &sheet);
    Result<QByteArray> readEntry(const QString &name) const;
    Status loadSharedStrings();
    Status loadStyles();
    Status scanMerges();
    bool readMore();
    QString cellText(const QString &type, int style, const QString &value) const;

    std::unique_ptr<Zip> m_zip;
    QString m_sheetPath;
    QStringList m_sheetNames;
    QStringList m_sharedStrings;
    QList<bool> m_dateStyles; ///< per cellXfs index: the number format is a date
    QList<CellRange> m_merges;
    QHash<int, QString> m_mergeValues; ///< merge index → its top-left value once read
    bool m_date1904 = false;
    QXmlStreamReader m_xml;
    qint64 m_entrySize = 0;
    qint64 m_entryRead = 0;
    bool m_entryDone = false;
    int m_row = 0;
    std::optional<Error> m_error;
};

} // namespace Leadline
