#pragma once

#include "dialer.h"

#include <QUrl>

#include <functional>

namespace Leadline {

class Clock;

/// Hands a tel: or sip: link to the desktop's softphone. It cannot see the call, so it reports
/// no progress: the agent hangs up in Leadline when done and logs the outcome by hand. The
/// opener (QDesktopServices::openUrl in the app) is injected, keeping core free of QtGui.
class UriDialer final : public Dialer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UriDialer)

public:
    using Opener = std::function<bool(const QUrl &)>;
    /// scheme: "tel" or "sip"; sipDomain is appended to sip: links ("sip:+86…@domain").
    UriDialer(Opener opener, const Clock &clock, const QString &scheme = QStringLiteral("tel"),
              const QString &sipDomain = {}, QObject *parent = nullptr);

    QString kind() const override { return QStringLiteral("uri"); }
    bool tracksProgress() const override { return false; }
    Status dial(const QString &e164) override;
    void hangup() override;

    /// The link dial() opens for a number.
    QUrl uriFor(const QString &e164) const;

private:
    Opener m_opener;
    const Clock &m_clock;
    QString m_scheme;
    QString m_sipDomain;
    bool m_active = false;
};

} // namespace Leadline
