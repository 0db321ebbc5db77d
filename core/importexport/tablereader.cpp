#include "tablereader.h"

#include "csvreader.h"
#include "xlsxreader.h"

#include <QFile>

namespace Leadline {

Result<std::unique_ptr<TableReader>> TableReader::open(const QString &path, const QString &sheet,
                                                       const QString &encoding)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return Error{QCoreApplication::translate("Leadline::TableReader", "%1 cannot be opened: %2")
                         .arg(path, file.errorString())};
    }
    // An XLSX workbook is a zip archive, whatever its name says.
    const bool zip = file.peek(4) == QByteArray("PK\x03\x04", 4);
    file.close();
    if (zip) {
        auto reader = XlsxReader::open(path, sheet);
        if (!reader)
            return reader.error();
        return std::unique_ptr<TableReader>(std::move(reader).value());
    }
    auto reader = CsvReader::open(path, encoding);
    if (!reader)
        return reader.error();
    return std::unique_ptr<TableReader>(std::move(reader).value());
}

} // namespace Leadline
