package org.itsmflow.event;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The service desk's mailbox ({@code itsm.mail.inbound.*}). Reading it is off unless {@code host} is set.
 *
 * @param protocol          {@code imaps} (default) or {@code imap}
 * @param folder            the folder read (INBOX)
 * @param processedFolder   where a taken message is moved after its record committed; empty: it stays, flagged seen
 * @param pollInterval      how often the mailbox is read
 * @param maxAttachmentBytes attachments above this size are named in the journal but not kept
 * @param maxAttachments    attachments kept per message at most
 */
@ConfigurationProperties("itsm.mail.inbound")
public record InboundMailSettings(
        String host,
        @DefaultValue("993") int port,
        @DefaultValue("imaps") String protocol,
        String username,
        String password,
        @DefaultValue("INBOX") String folder,
        String processedFolder,
        @DefaultValue("60s") Duration pollInterval,
        @DefaultValue("5242880") long maxAttachmentBytes,
        @DefaultValue("10") int maxAttachments) {

    boolean enabled() {
        return host != null && !host.isBlank();
    }
}
