package dev.claimschallenge.keycloak.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class MessageBundlesTest {

    private static final List<String> TRANSLATIONS = List.of("de");

    @Test
    void everyTranslationHasExactlyTheEnglishKeys() throws IOException {
        Properties english = load("en");
        assertFalse(english.isEmpty(), "the English bundle is empty");
        for (String locale : TRANSLATIONS) {
            Properties translated = load(locale);
            assertEquals(new TreeSet<>(english.stringPropertyNames()), new TreeSet<>(translated.stringPropertyNames()),
                    "messages_" + locale + ".properties must have the keys of messages_en.properties");
            for (String key : translated.stringPropertyNames()) {
                assertFalse(translated.getProperty(key).isBlank(), "empty translation for " + key + " in " + locale);
            }
        }
    }

    private static Properties load(String locale) throws IOException {
        String path = "/theme-resources/messages/messages_" + locale + ".properties";
        try (InputStream in = MessageBundlesTest.class.getResourceAsStream(path)) {
            assertNotNull(in, path + " is missing from the provider jar");
            Properties properties = new Properties();
            properties.load(in);
            return properties;
        }
    }
}
