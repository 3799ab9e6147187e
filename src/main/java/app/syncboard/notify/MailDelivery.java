package app.syncboard.notify;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/** Sends notices as plain-text mail through Spring's mail sender, which exists once {@code spring.mail.host} is set. */
@Component
class MailDelivery {

    static final String NOT_CONFIGURED =
            "Mail is not configured: set spring.mail.host (and spring.mail.port, username, password as needed).";

    private final ObjectProvider<JavaMailSender> sender;
    private final NotifySettings settings;

    MailDelivery(ObjectProvider<JavaMailSender> sender, NotifySettings settings) {
        this.sender = sender;
        this.settings = settings;
    }

    boolean configured() {
        return sender.getIfAvailable() != null;
    }

    /** @return what the log says about it */
    String send(Notice notice, String to) {
        JavaMailSender mail = sender.getIfAvailable();
        if (mail == null) {
            throw new IllegalStateException(NOT_CONFIGURED);
        }
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(settings.mailFrom());
        message.setTo(to);
        message.setSubject(notice.subject());
        message.setText(notice.text());
        mail.send(message);
        return "mailed to " + to;
    }
}
