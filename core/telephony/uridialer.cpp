#include "uridialer.h"

#include "core/domain/clock.h"

namespace Leadline {

UriDialer::UriDialer(Opener opener, const Clock &clock, const QString &scheme,
                     const QString &sipDomain, QObject *parent)
    : Dialer(parent)
    , m_opener(std::move(opener))
    , m_clock(clock)
    , m_scheme(scheme)
    , m_sipDomain(sipDomain)
{}

QUrl UriDialer::uriFor(const QString &e164) const
{
    if (m_scheme == QLatin1String("sip")) {
        const QString user = e164 + (m_sipDomain.isEmpty() ? QString() : QLatin1Char('@') + m_sipDomain);
        return QUrl(QStringLiteral("sip:") + user);
    }
    return QUrl(QStringLiteral("tel:") + e164);
}

Status UriDialer::dial(const QString &e164)
{
    if (m_active)
        return Error{tr("A call is already in progress.")};
    if (!m_opener || !m_opener(uriFor(e164)))
        return Error{tr("No softphone on this computer accepted %1 links. Install one or choose "
                        "another dialer in Settings.").arg(m_scheme)};
    m_active = true;
    return {};
}

void UriDialer::hangup()
{
    if (!m_active)
        return;
    m_active = false;
    emit ended(CallEnd::LocalHangup, tr("Ended by the agent (outcome reported by hand)"),
               m_clock.nowMs());
}

} // namespace Leadline
