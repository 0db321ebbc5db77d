#pragma once

#include <QCoreApplication>
#include <QLocale>
#include <QString>
#include <QTranslator>

namespace Leadline::Test {

/// Switches the UI tests to a language for one scope, the way the app does at start
/// (CompositionRoot::installTranslations): the default locale and, for Chinese, the app's own
/// translation built next to the app (leadline_zh_CN.qm). Widgets built inside the scope come up
/// in that language; on leaving, English is back.
class UiLanguage final
{
public:
    explicit UiLanguage(const QString &language)
    {
        const bool chinese = language.startsWith(QLatin1String("zh"));
        QLocale::setDefault(chinese ? QLocale(QLocale::Chinese, QLocale::China)
                                    : QLocale(QLocale::English, QLocale::UnitedStates));
        if (chinese) {
            m_loaded = m_translator.load(QStringLiteral(LEADLINE_TRANSLATIONS_DIR "/leadline_zh_CN.qm"));
            if (m_loaded)
                QCoreApplication::installTranslator(&m_translator);
        } else {
            m_loaded = true;
        }
    }
    ~UiLanguage()
    {
        QCoreApplication::removeTranslator(&m_translator);
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    }
    UiLanguage(const UiLanguage &) = delete;
    UiLanguage &operator=(const UiLanguage &) = delete;

    /// Whether the language's translation was found (always true for English).
    bool loaded() const { return m_loaded; }

private:
    QTranslator m_translator;
    bool m_loaded = false;
};

} // namespace Leadline::Test
