package dev.claimschallenge.keycloak.it.support;

import java.util.Calendar;
import java.util.TimeZone;
import org.keycloak.models.utils.TimeBasedOTP;

/** One-time codes for a TOTP secret enrolled through Keycloak's set-up page (realm policy: SHA1, 6 digits, 30 s). */
public final class Otp {

    private Otp() {
    }

    /**
     * A code valid now. {@code step} shifts it by 30 s periods: Keycloak refuses a code used once,
     * and its look-around window accepts the neighbouring periods, so the n-th login uses step n.
     */
    public static String code(String secret, int step) {
        TimeBasedOTP otp = new TimeBasedOTP("HmacSHA1", 6, 30, 1);
        Calendar calendar = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
        calendar.add(Calendar.SECOND, 30 * step);
        otp.setCalendar(calendar);
        return otp.generateTOTP(secret);
    }
}
