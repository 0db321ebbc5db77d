#pragma once

#include "dialer.h"

#include <QByteArray>
#include <QJsonObject>

class QTcpSocket;
class QTimer;

namespace Leadline {

class Clock;

/// Drives a real baresip softphone over its ctrl_tcp control socket (netstring JSON): sends
/// dial and hangup, and turns CALL_RINGING / CALL_ESTABLISHED / CALL_CLOSED events into call
/// progress. Keeps the control connection open and reconnects every few seconds when baresip
/// goes away; a dial without a connection is refused with a clear message.
class BaresipDialer final : public Dialer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BaresipDialer)

public:
    BaresipDialer(const Clock &clock, const QString &host, quint16 port, QObject *parent = nullptr);
    ~BaresipDialer() override;

    QString kind() const override { return QStringLiteral("baresip"); }
    Status dial(const QString &e164) override;
    void hangup() override;

    /// What dial() sends to baresip for a number: "{number}" is replaced by the E.164 number
    /// ("sip:{number}@pbx.example.com"); the default, "{number}", lets baresip complete it with
    /// its account's domain.
    void setDialTemplate(const QString &pattern) { m_dialTemplate = pattern; }
    /// Starts (or restarts) connecting to the control port.
    void connectToBaresip();
    bool isControlConnected() const;
    QString address() const;

    /// Maps a CALL_CLOSED reason ("486 Rejected", "Connection reset by user"…) to an ending.
    static CallEnd endingFor(const QString &reason);

signals:
    /// The control connection came up (true) or went away (false, with a message).
    void controlConnectionChanged(bool connected, const QString &message);

private:
    void onReadyRead();
    void onDisconnected();
    void onSocketError();
    void handleMessage(const QJsonObject &message);
    void send(const QJsonObject &command);
    void finish(CallEnd how, const QString &detail);
    QString unreachableMessage() const;

    const Clock &m_clock;
    QString m_host;
    quint16 m_port;
    QString m_dialTemplate = QStringLiteral("{number}");
    QTcpSocket *m_socket;
    QTimer *m_reconnect;
    QByteArray m_buffer;
    bool m_active = false;
    bool m_answered = false;
    QString m_callId;
    QString m_dialToken;
    int m_nextToken = 1;
};

} // namespace Leadline
