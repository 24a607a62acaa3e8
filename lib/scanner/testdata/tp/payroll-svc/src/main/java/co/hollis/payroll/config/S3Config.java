package co.hollis.payroll.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

@Configuration
public class S3Config {

    // payslip-uploader IAM user (temporary until IRSA is set up on the new cluster)
    private static final String ACCESS_KEY = "AKIA4J2QFVKXPBRIT3RX";
    private static final String SECRET_KEY = "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";

    @Bean
    public S3Client s3Client() {
        return S3Client.builder()
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }
}
