// The sample of GenAuth's documentation page "Use QR code ticket to exchange for TokenSet"
// (Java SDK, AuthenticationClient.exchangeTokenSetWithQrCodeTicket), as a new user copies it.
// Changed for the e2e run, and only where the page says "Need to be replaced" (marked `e2e:`):
// the host, the app credentials and the ticket come from system properties set by
// dev.authgate.e2e.SeedSampleTest, which also picks the client-authentication mode (the page's
// own CLIENT_SECRET_BASIC by default) and, for client_secret_post, passes the body credentials
// the page asks for in that mode.
package test.authentication;

import cn.authing.sdk.java.client.AuthenticationClient;
import cn.authing.sdk.java.dto.ExchangeTokenSetWithQRcodeTicketDto;
import cn.authing.sdk.java.dto.LoginTokenRespDto;
import cn.authing.sdk.java.enums.AuthMethodEnum;
import cn.authing.sdk.java.model.AuthenticationClientOptions;
import cn.authing.sdk.java.util.JsonUtils;

public class ExchangeTokenSetWithQrCodeTicketTest {
    // Need to be replaced with your GenAuth App ID
    private static final String APP_ID = System.getProperty("AUTHING_APP_ID"); // e2e:
    // Need to be replaced with your GenAuth App Secret
    private static final String APP_SECRET = System.getProperty("AUTHING_APP_SECRET"); // e2e:
    // Need to be replaced with your GenAuth App Host
    private static final String APP_HOST = System.getProperty("AUTHING_APP_HOST"); // e2e:
    // e2e: the client-authentication mode (an AuthMethodEnum name)
    private static final String AUTH_METHOD = System.getProperty("AUTHING_AUTH_METHOD", "CLIENT_SECRET_BASIC");

    public static void main(String[] args) throws Throwable {
        AuthenticationClientOptions clientOptions = new AuthenticationClientOptions();
        clientOptions.setTokenEndPointAuthMethod(AuthMethodEnum.valueOf(AUTH_METHOD).getValue()); // e2e:
        clientOptions.setAppId(APP_ID);
        clientOptions.setAppSecret(APP_SECRET);
        clientOptions.setAppHost(APP_HOST);

        AuthenticationClient client = new AuthenticationClient(clientOptions);

        ExchangeTokenSetWithQRcodeTicketDto reqDto = new ExchangeTokenSetWithQRcodeTicketDto();
        // You can query the QR code status to obtain it. When the QR code status is authorized, it will be returned.
        reqDto.setTicket(System.getProperty("AUTHING_QRCODE_TICKET")); // e2e:
        if (AuthMethodEnum.valueOf(AUTH_METHOD) == AuthMethodEnum.CLIENT_SECRET_POST) { // e2e:
            reqDto.setClientId(APP_ID);
            reqDto.setClientSecret(APP_SECRET);
        }
        LoginTokenRespDto response = client.exchangeTokenSetWithQrCodeTicket(reqDto);
        System.out.println(JsonUtils.serialize(response));
    }
}
