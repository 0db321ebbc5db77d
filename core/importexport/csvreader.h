#pragma once

#include "tablereader.h"

#include <QChar>
#include <QCoreApplication>
#include <QIODevice>

#include <memory>

namespace Leadline {

class TextDecoder;

/// How a CSV file is written: its encoding and field separator.
struct CsvFormat
{
    QString encoding;             ///< "UTF-8", "GB18030", "UTF-16LE"…
    QChar separator = u',';       ///< ',' ';' or '\t'
    bool hasBom = false;          ///< the file starts with a byte-order mark
};

/// Reads CSV as Excel and WPS save it: UTF-8 with or without BOM, GBK/GB18030 (China), UTF-16;
/// comma, semicolon or tab separated; quoted fields with doubled quotes and line breaks.
class CsvReader final : public TableReader
{
    Q_DECLARE_TR_FUNCTIONS(Leadline::CsvReader)

public:
    /// Guesses the format of a file: a byte-order mark, else strict UTF-8 over the whole file,
    /// else GB18030 (a superset of GBK); the separator most frequent in the first line.
    static Result<CsvFormat> detect(QIODevice &device);
    /// Opens a file, detecting its format; encoding, when given, replaces the detected one.
    static Result<std::unique_ptr<CsvReader>> open(const QString &path,
                                                   const QString &encoding = {});
    /// Reads from a device the caller opened, in the given format (tests, fuzzing).
    static Result<std::unique_ptr<CsvReader>> fromDevice(std::unique_ptr<QIODevice> device,
                                                         const CsvFormat &format);
    ~CsvReader() override;

    bool next(QStringList &cells) override;
    int rowNumber() const override { return m_row; }
    std::optional<Error> error() const override { return m_error; }
    int permille() const override;
    const CsvFormat &format() const { return m_format; }

private:
    CsvReader() = default;
    bool fill();
    bool available();

    std::unique_ptr<QIODevice> m_device;
    std::unique_ptr<TextDecoder> m_decoder;
    CsvFormat m_format;
    QString m_buffer;
    qsizetype m_pos = 0;
    bool m_eof = false;
    int m_row = 0;
    std::optional<Error> m_error;
};

} // namespace Leadline
