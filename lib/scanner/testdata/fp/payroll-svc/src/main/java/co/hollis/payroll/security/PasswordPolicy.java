package co.hollis.payroll.security;

import java.util.List;
import java.util.regex.Pattern;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

@Component
public class PasswordPolicy {

    public static final int MIN_LENGTH = 12;
    public static final int HISTORY_SIZE = 5;
    private static final Pattern DIGIT = Pattern.compile("\\d");
    private static final Pattern SYMBOL = Pattern.compile("[^A-Za-z0-9]");

    private final PasswordEncoder encoder;

    public PasswordPolicy(PasswordEncoder encoder) {
        this.encoder = encoder;
    }

    public List<String> violations(String password, List<String> previousHashes) {
        var problems = new java.util.ArrayList<String>();
        if (password == null || password.length() < MIN_LENGTH) problems.add("password.policy");
        else {
            if (!DIGIT.matcher(password).find() || !SYMBOL.matcher(password).find()) problems.add("password.policy");
            for (String hash : previousHashes) {
                if (encoder.matches(password, hash)) {
                    problems.add("password.error.reused");
                    break;
                }
            }
        }
        return problems;
    }
}
