package org.itsmflow.release;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Where the bytes of a release's deliverables are found, and their SHA-256 (R-10.1h, R-9.1f). A definitive media
 * library entry's {@code location} is a path below the media directory ({@code itsm.release.media-dir}) or a classpath
 * resource ({@code classpath:…}). The master copy lies at {@code <media-dir>/<location>}; the copy delivered to a site
 * for installation at {@code <media-dir>/sites/<site>/<location>} — when a site has no copy of its own, the wave
 * installs from the master copy. Whatever is installed is hashed and compared with the library's checksum.
 */
@Component
public class ReleaseMedia {

    /** A copy looked at: where it was, and its SHA-256 (null when no copy was found). */
    public record Copy(String where, String sha256) {

        public boolean found() {
            return sha256 != null;
        }
    }

    private final Path directory;

    ReleaseMedia(@Value("${itsm.release.media-dir:./data/media}") String directory) {
        this.directory = Path.of(directory).toAbsolutePath().normalize();
    }

    /** The media directory (tests place master copies and tampered site copies below it). */
    public Path directory() {
        return directory;
    }

    /** The master copy of a library entry at {@code location}. */
    public Copy master(String location) {
        if (location.startsWith("classpath:")) {
            ClassPathResource resource = new ClassPathResource(location.substring("classpath:".length()));
            if (!resource.exists()) {
                return new Copy(location, null);
            }
            try (InputStream in = resource.getInputStream()) {
                return new Copy(location, sha256(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + location, e);
            }
        }
        return file(resolve(directory, location));
    }

    /** The copy a wave installs at {@code site}: the site's own copy if it has one, else the master copy. */
    public Copy atSite(String site, String location) {
        if (!location.startsWith("classpath:")) {
            Path siteCopy = resolve(directory.resolve("sites").resolve(site), location);
            if (Files.isRegularFile(siteCopy)) {
                return file(siteCopy);
            }
        }
        return master(location);
    }

    private static Path resolve(Path base, String location) {
        Path path = base.resolve(location).normalize();
        if (!path.startsWith(base)) {
            throw new IllegalArgumentException("location " + location + " leaves the media directory");
        }
        return path;
    }

    private Copy file(Path path) {
        String where = directory.relativize(path).toString();
        if (!Files.isRegularFile(path)) {
            return new Copy(where, null);
        }
        try (InputStream in = Files.newInputStream(path)) {
            return new Copy(where, sha256(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** SHA-256 of a stream, 64 lower-case hex digits. */
    public static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (DigestInputStream digesting = new DigestInputStream(in, digest)) {
                digesting.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return sha256(new java.io.ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
